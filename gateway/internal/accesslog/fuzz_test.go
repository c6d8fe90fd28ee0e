package accesslog_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/goframe/goframe/gateway/internal/accesslog"
)

// FuzzFormat compiles arbitrary formats and renders hostile values: no
// panics, no line breaks that the format itself did not contain, and the
// JSON form always valid.
func FuzzFormat(f *testing.F) {
	f.Add(accesslog.DefaultFormat, "curl\n\"x", "/a\x00b")
	f.Add("%(h)-20s %({x}i)5s %%", "\xff\xfe", "\u2028")
	f.Add("%(a(b)c)s %(", "", "")
	f.Fuzz(func(t *testing.T, format, agent, path string) {
		fm, err := accesslog.Compile(format)
		e := entry()
		e.Request.Header.Set("User-Agent", agent)
		e.Request.Header.Set("X", agent)
		e.Request.URL.Path = path
		if err == nil {
			line := fm.Append(nil, e)
			if !strings.ContainsAny(format, "\r\n") && bytes.ContainsAny(line, "\r\n") {
				t.Fatalf("line break in %q", line)
			}
		}
		if j := accesslog.AppendJSON(nil, e); !json.Valid(j) {
			t.Fatalf("invalid JSON %q", j)
		}
	})
}
