package accesslog

import (
	"fmt"
	"net/textproto"
	"os"
	"strings"
)

// DefaultFormat is Gunicorn's default access_log_format, Apache's combined
// log format.
const DefaultFormat = `%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"`

// Format is a compiled access_log_format. It is immutable and safe for
// concurrent use.
type Format struct {
	src   string
	parts []part
}

type kind uint8

const (
	kLiteral       kind = iota // text
	kDash                      // '-': l, unknown atoms, unset environment variables
	kRemote                    // h
	kUser                      // u
	kTime                      // t
	kRequest                   // r
	kMethod                    // m
	kPath                      // U
	kQuery                     // q
	kProto                     // H
	kStatus                    // s
	kBytes                     // B
	kBytesCLF                  // b
	kReferer                   // f
	kAgent                     // a
	kSecs                      // T
	kMicros                    // D
	kMillis                    // M
	kDecimal                   // L
	kPID                       // p
	kReqHeader                 // {name}i: text is the canonical key
	kRespHeader                // {name}o: text is the canonical key
	kEnvConst                  // {name}e from the process environment: text is the value
	kEnvScheme                 // {wsgi.url_scheme}e
	kEnvRawURI                 // {raw_uri}e
	kEnvScriptName             // {script_name}e
	kEnvRemotePort             // {remote_port}e
	kEnvServerName             // {server_name}e
	kEnvServerPort             // {server_port}e
)

type part struct {
	kind  kind
	text  string
	width int // pad to this many characters; negative: left-aligned
}

var simpleAtoms = map[string]kind{
	"h": kRemote, "l": kDash, "u": kUser, "t": kTime, "r": kRequest,
	"m": kMethod, "U": kPath, "q": kQuery, "H": kProto, "s": kStatus,
	"B": kBytes, "b": kBytesCLF, "f": kReferer, "a": kAgent, "T": kSecs,
	"D": kMicros, "M": kMillis, "L": kDecimal, "p": kPID,
}

// envAtoms maps WSGI environ names (lower case) to what renders them.
var envAtoms = map[string]part{
	"request_method":  {kind: kMethod},
	"query_string":    {kind: kQuery},
	"raw_uri":         {kind: kEnvRawURI},
	"path_info":       {kind: kPath},
	"script_name":     {kind: kEnvScriptName},
	"server_protocol": {kind: kProto},
	"remote_addr":     {kind: kRemote},
	"remote_port":     {kind: kEnvRemotePort},
	"server_name":     {kind: kEnvServerName},
	"server_port":     {kind: kEnvServerPort},
	"content_type":    {kind: kReqHeader, text: "Content-Type"},
	"content_length":  {kind: kReqHeader, text: "Content-Length"},
	"wsgi.url_scheme": {kind: kEnvScheme},
}

// Compile parses a Gunicorn access_log_format. The error names the offset
// of the bad spot and quotes the format from there, e.g.
//
//	accesslog: access-logformat: unterminated atom at offset 12: "%(h"
func Compile(format string) (*Format, error) {
	f := &Format{src: format}
	lit := make([]byte, 0, len(format))
	flush := func() {
		if len(lit) > 0 {
			f.parts = append(f.parts, part{kind: kLiteral, text: string(lit)})
			lit = lit[:0]
		}
	}
	for i := 0; i < len(format); {
		c := format[i]
		if c != '%' {
			lit = append(lit, c)
			i++
			continue
		}
		start := i
		bad := func(what string) (*Format, error) {
			rest := format[start:]
			if len(rest) > 32 {
				rest = rest[:32] + "..."
			}
			return nil, fmt.Errorf("accesslog: access-logformat: %s at offset %d: %q", what, start, rest)
		}
		i++
		if i == len(format) {
			return bad("lone % at end")
		}
		if format[i] == '%' {
			lit = append(lit, '%')
			i++
			continue
		}
		if format[i] != '(' {
			return bad(`% not followed by "(atom)" or "%"`)
		}
		// Python's mapping key: parentheses nest.
		depth, j := 1, i+1
		for ; j < len(format) && depth > 0; j++ {
			switch format[j] {
			case '(':
				depth++
			case ')':
				depth--
			}
		}
		if depth > 0 {
			return bad("unterminated atom")
		}
		name := format[i+1 : j-1]
		i = j
		// Conversion flags, width, conversion character.
		left := false
		for i < len(format) && strings.IndexByte("-#0 +", format[i]) >= 0 {
			left = left || format[i] == '-'
			i++
		}
		width := 0
		for i < len(format) && format[i] >= '0' && format[i] <= '9' {
			width = width*10 + int(format[i]-'0')
			if width > 1024 {
				return bad("width too large")
			}
			i++
		}
		if i == len(format) {
			return bad("missing conversion after atom")
		}
		if strings.IndexByte("sradiu", format[i]) < 0 {
			return bad(fmt.Sprintf("unsupported conversion %q", format[i]))
		}
		i++
		p := atom(name)
		p.width = width
		if left {
			p.width = -width
		}
		flush()
		f.parts = append(f.parts, p)
	}
	flush()
	return f, nil
}

// atom resolves an atom name to what renders it.
func atom(name string) part {
	if k, ok := simpleAtoms[name]; ok {
		return part{kind: k}
	}
	if len(name) < 3 || name[0] != '{' || name[len(name)-2] != '}' {
		return part{kind: kDash}
	}
	key := name[1 : len(name)-2]
	switch name[len(name)-1] {
	case 'i', 'I':
		return part{kind: kReqHeader, text: textproto.CanonicalMIMEHeaderKey(key)}
	case 'o', 'O':
		return part{kind: kRespHeader, text: textproto.CanonicalMIMEHeaderKey(key)}
	case 'e', 'E':
		lower := strings.ToLower(key)
		if p, ok := envAtoms[lower]; ok {
			return p
		}
		if h, ok := strings.CutPrefix(lower, "http_"); ok && h != "" {
			return part{kind: kReqHeader, text: textproto.CanonicalMIMEHeaderKey(strings.ReplaceAll(h, "_", "-"))}
		}
		for _, n := range []string{key, strings.ToUpper(key), lower} {
			if v, ok := os.LookupEnv(n); ok {
				return part{kind: kEnvConst, text: v}
			}
		}
	}
	return part{kind: kDash}
}

// String returns the format as it was given to Compile.
func (f *Format) String() string { return f.src }
