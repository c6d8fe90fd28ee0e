package pyjson

import (
	"strings"
	"testing"
)

// The expected strings are Python 3's json.dumps(s) and, for html,
// Django's json_script escaping on top.
func TestWrite(t *testing.T) {
	tests := []struct {
		in, want, html string
	}{
		{"plain", `"plain"`, `"plain"`},
		{"quote\" back\\ nl\n cr\r tab\t bs\b ff\f", `"quote\" back\\ nl\n cr\r tab\t bs\b ff\f"`, `"quote\" back\\ nl\n cr\r tab\t bs\b ff\f"`},
		{"<a & b>", `"<a & b>"`, `"\u003Ca \u0026 b\u003E"`},
		{"é\x01\x7f", `"\u00e9\u0001\u007f"`, `"\u00e9\u0001\u007f"`},
		{"😀", `"\ud83d\ude00"`, `"\ud83d\ude00"`},
		{"bad \xff", `"bad \ufffd"`, `"bad \ufffd"`},
	}
	for _, tt := range tests {
		if got := Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
		var b strings.Builder
		Write(&b, tt.in, true)
		if b.String() != tt.html {
			t.Errorf("Write(%q, html) = %s, want %s", tt.in, b.String(), tt.html)
		}
	}
}
