package framework

import (
	"strings"
	"testing"
)

func TestRewriteCSS(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"img/a.png":          "img/a.111111111111.png",
		"css/img/b.png":      "css/img/b.222222222222.png",
		"fonts/f.woff":       "fonts/f.333333333333.woff",
		"css/other.css":      "css/other.444444444444.css",
		"img/with space.png": "img/with space.555555555555.png",
	}
	lookup := func(target string) (string, error) {
		if h, ok := files[target]; ok {
			return h, nil
		}
		return "", errStaticNotFound
	}
	tests := []struct {
		name, in, want string
	}{
		{"relative up", `a{b:url(../img/a.png)}`, `a{b:url("../img/a.111111111111.png")}`},
		{"relative same dir", `a{b:url('img/b.png')}`, `a{b:url("img/b.222222222222.png")}`},
		{"dot slash", `a{b:url("./img/b.png")}`, `a{b:url("./img/b.222222222222.png")}`},
		{"spaces inside", `a{b:url(  ../img/a.png  )}`, `a{b:url("../img/a.111111111111.png")}`},
		{"upper case URL", `a{b:URL(../img/a.png)}`, `a{b:url("../img/a.111111111111.png")}`},
		{"under STATIC_URL", `a{b:url(/static/img/a.png)}`, `a{b:url("/static/img/a.111111111111.png")}`},
		{"other absolute path", `a{b:url(/media/a.png)}`, `a{b:url(/media/a.png)}`},
		{"data URI", `a{b:url("data:image/svg+xml;utf8,<svg></svg>")}`, `a{b:url("data:image/svg+xml;utf8,<svg></svg>")}`},
		{"http", `a{b:url(http://x.test/a.png)}`, `a{b:url(http://x.test/a.png)}`},
		{"https upper case", `a{b:url(HTTPS://x.test/a.png)}`, `a{b:url(HTTPS://x.test/a.png)}`},
		{"protocol-relative", `a{b:url(//x.test/a.png)}`, `a{b:url(//x.test/a.png)}`},
		{"fragment only", `a{filter:url(#f)}`, `a{filter:url(#f)}`},
		{"empty", `a{b:url()}`, `a{b:url()}`},
		{"directory", `a{b:url(../img/)}`, `a{b:url(../img/)}`},
		{"fragment kept", `a{b:url(../img/a.png#x)}`, `a{b:url("../img/a.111111111111.png#x")}`},
		{"query kept", `a{b:url(../fonts/f.woff?v=1.2)}`, `a{b:url("../fonts/f.333333333333.woff?v=1.2")}`},
		{"iefix", `a{src:url(../fonts/f.woff?#iefix)}`, `a{src:url("../fonts/f.333333333333.woff?#iefix")}`},
		{"percent-encoded", `a{b:url(../img/with%20space.png)}`, `a{b:url("../img/with%20space.555555555555.png")}`},
		{"import double", `@import "other.css";`, `@import url("other.444444444444.css");`},
		{"import single, spaced", `@import   ' other.css';`, `@import url("other.444444444444.css");`},
		{"import url", `@import url(other.css) screen;`, `@import url("other.444444444444.css") screen;`},
		{"import absolute", `@import "https://fonts.test/css";`, `@import "https://fonts.test/css";`},
		{"comment left alone", "/* url(../img/missing.png) */a{b:url(../img/a.png)}", `/* url(../img/missing.png) */a{b:url("../img/a.111111111111.png")}`},
		{"comment marker in a string", `a{content:"/*"} b{c:url(../img/a.png)} d{content:"*/"}`, `a{content:"/*"} b{c:url("../img/a.111111111111.png")} d{content:"*/"}`},
		{"several", `a{b:url(../img/a.png),url(img/b.png)}`, `a{b:url("../img/a.111111111111.png"),url("img/b.222222222222.png")}`},
		{"no references", "a { color: red }\n", "a { color: red }\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := rewriteCSS("css/site.css", "/static/", []byte(tc.in), lookup)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
		})
	}
	errTests := []struct {
		name, in string
		want     []string
	}{
		{"missing", "a{}\n\nb{c:url(../img/nope.png)}", []string{"'css/site.css'", "line 3", "../img/nope.png", "img/nope.png", "could not be found"}},
		{"unterminated comment hides nothing after", "a{b:url(nope.png)} /* url(x.png)", []string{"nope.png"}},
		{"outside", "a{b:url(../../x.png)}", []string{"outside the static files", "../../x.png"}},
	}
	for _, tc := range errTests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := rewriteCSS("css/site.css", "/static/", []byte(tc.in), lookup)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestEncodeManifest checks the manifest byte for byte against what
// Django writes (Python's json.dumps; the hash computed by Python).
func TestEncodeManifest(t *testing.T) {
	t.Parallel()
	paths := map[string]string{
		"css/site.css": "css/site.0123456789ab.css",
		"img/é.png":    "img/é.aaaaaaaaaaaa.png",
		`a"b\c.txt`:    "x",
		"emoji/😀.svg":  "emoji/😀.bbbbbbbbbbbb.svg",
	}
	want := `{"paths": {"a\"b\\c.txt": "x", "css/site.css": "css/site.0123456789ab.css", "emoji/\ud83d\ude00.svg": "emoji/\ud83d\ude00.bbbbbbbbbbbb.svg", "img/\u00e9.png": "img/\u00e9.aaaaaaaaaaaa.png"}, "version": "1.1", "hash": "a830bbddcb67"}`
	if got := string(encodeManifest(paths)); got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
	if got := string(encodeManifest(nil)); got != `{"paths": {}, "version": "1.1", "hash": "d75171398898"}` {
		t.Errorf("empty: %s", got)
	}
	m, err := parseManifest([]byte(want))
	if err != nil || m.paths["img/é.png"] != "img/é.aaaaaaaaaaaa.png" || m.hashed["x"] != `a"b\c.txt` {
		t.Errorf("parse: %v, %v", m, err)
	}
}

func TestHashedName(t *testing.T) {
	t.Parallel()
	// Python's os.path.splitext decides the extension.
	for in, want := range map[string]string{
		"css/site.css":    "css/site.HASH.css",
		"a.tar.gz":        "a.tar.HASH.gz",
		"LICENSE":         "LICENSE.HASH",
		"a.":              "a.HASH.",
		"d/..a":           "d/..a.HASH",
		"d/.a.b":          "d/.a.HASH.b",
		"a..b":            "a..HASH.b",
		"dir.v2/Makefile": "dir.v2/Makefile.HASH",
	} {
		if got := hashedName(in, "HASH"); got != want {
			t.Errorf("hashedName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAcceptsEncoding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		header, token string
		want          bool
	}{
		{"gzip", "gzip", true},
		{"GZIP, br", "br", true},
		{"deflate", "gzip", false},
		{"gzip;q=0", "gzip", false},
		{"gzip; q=0.000", "gzip", false},
		{"gzip;q=0.001", "gzip", true},
		{"*", "br", true},
		{"*;q=0, gzip", "br", false},
		{"br;q=0, *", "br", false},
		{"", "gzip", false},
	}
	for _, tc := range tests {
		if got := acceptsEncoding(tc.header, tc.token); got != tc.want {
			t.Errorf("acceptsEncoding(%q, %q) = %v", tc.header, tc.token, got)
		}
	}
}

func TestValidStaticName(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"css/site.css": true, "a": true, "a..b.css": true,
		"": false, ".": false, "..": false, "../a": false, "a/../b": false, "a/./b": false,
		"/a": false, "a/": false, "a//b": false, `a\b`: false, "a\x00b": false,
		".env": false, "a/.git/config": false,
	} {
		if got := validStaticName(name); got != want {
			t.Errorf("validStaticName(%q) = %v", name, got)
		}
	}
}
