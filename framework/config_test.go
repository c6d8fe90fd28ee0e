package framework

import (
	"fmt"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name string
		code Config
		env  map[string]string
		want string // fmt of the interesting fields, or "error: ..."
	}{
		{"defaults in debug", Config{Debug: true}, nil,
			"debug=true hosts=[.localhost 127.0.0.1 [::1]] db=sqlite:///db.sqlite3 tpl=[templates] static=/static/ dir=static"},
		{"env overrides code", Config{DatabaseURL: "sqlite:///x.db", SecretKey: "code"},
			map[string]string{"DEBUG": "off", "SECRET_KEY": "from-env", "ALLOWED_HOSTS": " example.com , .example.org,", "DATABASE_URL": "postgres://db/app", "TEMPLATE_DIRS": "a,b", "STATIC_URL": "https://cdn.example.com/s/"},
			"debug=false hosts=[example.com .example.org] db=postgres://db/app tpl=[a b] static=https://cdn.example.com/s/ dir=static"},
		{"debug yes", Config{}, map[string]string{"DEBUG": "Yes"}, "debug=true hosts=[.localhost 127.0.0.1 [::1]] db=sqlite:///db.sqlite3 tpl=[templates] static=/static/ dir=static"},
		{"bad debug", Config{}, map[string]string{"DEBUG": "maybe"}, `error: DEBUG="maybe": want true or false`},
	}
	for _, tc := range tests {
		c, err := tc.code.FromEnv(env(tc.env))
		if want, isErr := strings.CutPrefix(tc.want, "error: "); isErr {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: err %v, want %q", tc.name, err, want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		got := fmt.Sprintf("debug=%v hosts=%v db=%s tpl=%v static=%s dir=%s", c.Debug, c.AllowedHosts, c.DatabaseURL, c.TemplateDirs, c.StaticURL, c.StaticDir)
		if got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	key := strings.Repeat("k", 40)
	tests := []struct {
		name string
		c    Config
		want []string // substrings of the error; none for valid
	}{
		{"debug needs nothing", Config{Debug: true}, nil},
		{"production", Config{SecretKey: key, AllowedHosts: []string{"example.com"}}, nil},
		{"no secret key", Config{AllowedHosts: []string{"x"}}, []string{"SECRET_KEY is not set"}},
		{"short key", Config{SecretKey: "abc", AllowedHosts: []string{"x"}}, []string{"SECRET_KEY is 3 characters"}},
		{"no hosts", Config{SecretKey: key}, []string{"ALLOWED_HOSTS is not set"}},
		{"both", Config{}, []string{"SECRET_KEY is not set", "ALLOWED_HOSTS is not set"}},
		{"bad host", Config{Debug: true, AllowedHosts: []string{"a b"}}, []string{`"a b" is not a host name`}},
		{"bad static", Config{Debug: true, StaticURL: "static"}, []string{`STATIC_URL="static" must be a path or URL ending in /`}},
	}
	for _, tc := range tests {
		err := tc.c.Validate()
		if len(tc.want) == 0 {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: valid, want %v", tc.name, tc.want)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", tc.name, err, w)
			}
		}
	}
}
