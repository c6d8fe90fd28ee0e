package gateway

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// corpusCase is one case of testdata/gunicorn-requests.jsonl, Gunicorn's
// request-parser corpus (see its README in the conformance data).
type corpusCase struct {
	Name     string         `json:"name"`
	Valid    bool           `json:"valid"`
	RawB64   string         `json:"raw_b64"`
	Settings map[string]any `json:"settings"`
	Requests []struct {
		Method   string      `json:"method"`
		URI      string      `json:"uri"`
		Version  [2]int      `json:"version"`
		Headers  [][2]string `json:"headers"`
		BodyB64  string      `json:"body_b64"`
		Trailers [][2]string `json:"trailers"`
	} `json:"requests"`
	Error string `json:"error"`
}

func loadCorpus(t *testing.T) []corpusCase {
	t.Helper()
	data, err := os.ReadFile("testdata/gunicorn-requests.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var cases []corpusCase
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var c corpusCase
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatalf("testdata/gunicorn-requests.jsonl:%d: %v", i+1, err)
		}
		cases = append(cases, c)
	}
	return cases
}

// deviation is a corpus case where goframe answers otherwise than Gunicorn
// on purpose, with the clause that requires it and what goframe does.
type deviation struct {
	served int    // requests of the case served before the refusal
	status int    // the status goframe refuses the next request with
	why    string // the clause, for the reader and the docs
	// mayRun: the refused request's head was valid and its body is what
	// breaks, so its handler may have started (it then sees a body read
	// error) when the body arrived after the head.
	mayRun bool
	// amend, for a request goframe serves otherwise than Gunicorn, changes
	// the expected requests instead (status is then 0).
	amend func(want []recorded) []recorded
}

// Reasons shared by several cases.
const (
	whyHost       = "RFC 9112 §3.2: a server MUST respond 400 to an HTTP/1.1 request without a Host field (Gunicorn accepts it)"
	whyTE         = "RFC 9112 §6.1, §7: goframe serves only the chunked transfer coding (net/http decodes no other); other codings get 501, as RFC 9112 §6.1 allows; `identity` is no longer a registered coding"
	whyTECL       = "RFC 9112 §6.1: a request with both Transfer-Encoding and Content-Length is a smuggling vector; goframe refuses it (Gunicorn drops Content-Length when the coding is identity)"
	whyCompat     = "a Gunicorn compatibility escape (permit_*, casefold_http_method, strip_header_spaces, header_map) that goframe does not offer: the strict rule applies"
	whyObsFold    = "RFC 9112 §5.2: obs-fold is refused with 400; goframe has no permit_obsolete_folding"
	whySpaceColon = "RFC 9112 §5.1: whitespace between a field name and its colon MUST be refused with 400; goframe has no strip_header_spaces"
)

// deviations lists every case where goframe deliberately differs from
// Gunicorn. docs/gateway.md has the same list in prose.
var deviations = map[string]deviation{
	"valid/004":        {status: 400, why: whyHost},
	"valid/005":        {status: 400, why: whyHost},
	"valid/006":        {status: 400, why: whyHost},
	"valid/007":        {status: 400, why: whyHost},
	"valid/009":        {status: 400, why: whyTECL},
	"valid/010":        {status: 400, why: whyHost},
	"valid/011":        {status: 400, why: whyHost},
	"valid/012":        {status: 400, why: whyHost},
	"valid/013":        {status: 400, why: whyHost},
	"valid/014":        {status: 400, why: whyHost},
	"valid/018":        {status: 400, why: whyHost},
	"valid/021":        {status: 400, why: whyHost},
	"valid/022":        {served: 1, status: 400, why: whyHost},
	"valid/023":        {status: 400, why: whyHost},
	"valid/025":        {status: 501, why: whyTE},
	"valid/025_line":   {status: 501, why: whyTE},
	"valid/028":        {status: 400, why: whySpaceColon},
	"valid/029":        {status: 501, why: whyTE},
	"valid/030":        {status: 501, why: whyTE},
	"valid/031":        {status: 400, why: whyHost},
	"valid/031compat":  {status: 400, why: whyCompat},
	"valid/031compat2": {status: 400, why: whyCompat},
	"valid/040": {why: "Gunicorn's default header_map drops fields with an underscore (they would collide with WSGI's HTTP_* names); net/http maps no names, so goframe passes Transfer_Encoding and Content_Length to the handler as the distinct fields they are (they never frame the message)",
		amend: func(want []recorded) []recorded {
			want[0].Header["Transfer_encoding"] = []string{"tricked"}
			want[0].Header["Content_length"] = []string{"-1E23"}
			return want
		}},
	"valid/040_compat":                      {status: 0, why: whyCompat + "; with header_map=dangerous Gunicorn passes the fields as goframe always does"},
	"valid/099":                             {status: 400, mayRun: true, why: "RFC 9112 §8: the body is shorter than its Content-Length (17914 announced, 8599 sent), an incomplete message; Gunicorn's corpus reads what is there"},
	"valid/100":                             {status: 400, why: whyHost},
	"valid/compat_obs_fold":                 {status: 400, why: whyObsFold},
	"valid/compat_obs_fold_huge":            {status: 400, why: whyObsFold},
	"valid/pp_02":                           {status: 400, why: whyHost},
	"valid/rfc9112_smuggle_gzip_chunked_01": {status: 501, why: whyTE},
	"valid/rfc9112_smuggle_te_identity_chunked_01": {status: 501, why: whyTE},
	"invalid/013": {status: 400, why: whyObsFold + " (Gunicorn, permitted to unfold, then finds the field over its 14-byte limit: 431)"},
	"invalid/rfc9112_chunked_missing_final_crlf_01": {status: 400, mayRun: true, why: "the missing final CRLF shows only when the client ends its stream, after the valid head went on: the handler may run, its body read fails and the answer is 400"},
	"invalid/040":        {why: "with header_map=refuse Gunicorn refuses underscored names; goframe serves them as distinct fields (see valid/040)"},
	"invalid/chunked_07": {status: 400, why: whyHost + "; Gunicorn refuses it for the underscored field under header_map=refuse, which goframe would serve as a distinct field"},
}

// recorded is a request as the handler saw it.
type recorded struct {
	Method, URI string
	Major       int
	Minor       int
	Header      map[string][]string
	Body        string
	Trailer     map[string][]string
}

// corpusArgs maps a case's Gunicorn settings to goframe flags; ok is false
// for settings goframe does not have (Gunicorn's compatibility escapes).
func corpusArgs(settings map[string]any) (args []string, ok bool) {
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	ok = true
	for _, k := range keys {
		v := settings[k]
		switch k {
		case "limit_request_line":
			n := int(v.(float64))
			if n > 8190 || n < 0 {
				n = 8190 // Gunicorn clamps to its maximum the same way
			}
			args = append(args, "--limit-request-line", fmt.Sprint(n))
		case "limit_request_field_size":
			args = append(args, "--limit-request-field-size", fmt.Sprint(int(v.(float64))))
		case "limit_request_fields":
			args = append(args, "--limit-request-fields", fmt.Sprint(int(v.(float64))))
		case "proxy_protocol":
			if v == true {
				args = append(args, "--proxy-protocol")
			}
		case "forwarded_allow_ips":
			args = append(args, "--forwarded-allow-ips", fmt.Sprint(v))
		default:
			ok = false
		}
	}
	return args, ok
}

// TestServer_GunicornCorpus sends every case of Gunicorn's request corpus
// over a real socket. Valid requests reach the handler exactly as Gunicorn
// parses them; invalid ones are refused with a 4xx/5xx and the handler
// never runs for them.
func TestServer_GunicornCorpus(t *testing.T) {
	t.Parallel()
	cases := loadCorpus(t)
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.Name] = true
	}
	for name := range deviations {
		if !seen[name] {
			t.Errorf("deviation %s names no corpus case", name)
		}
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			raw, err := base64.StdEncoding.DecodeString(c.RawB64)
			if err != nil {
				t.Fatal(err)
			}
			args, supported := corpusArgs(c.Settings)
			dev, isDev := deviations[c.Name]
			if !supported && !isDev {
				t.Fatalf("settings %v are not goframe's: the case must be listed in deviations", c.Settings)
			}
			var mu sync.Mutex
			var got []recorded
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, err := io.ReadAll(r.Body)
				rec := recorded{Method: r.Method, URI: r.RequestURI, Major: r.ProtoMajor, Minor: r.ProtoMinor,
					Header: map[string][]string(r.Header.Clone()), Body: string(body), Trailer: map[string][]string(r.Trailer.Clone())}
				if r.Host != "" {
					rec.Header["Host"] = append([]string{r.Host}, rec.Header["Host"]...)
				}
				if len(r.TransferEncoding) > 0 {
					rec.Header["Transfer-Encoding"] = r.TransferEncoding
				}
				mu.Lock()
				got = append(got, rec)
				mu.Unlock()
				if err != nil {
					http.Error(w, err.Error(), http.StatusBadRequest)
				}
			})
			ts := startServer(t, h, args...)
			conn := ts.dial(t)
			// The client sends the case's bytes and ends its stream (a
			// half-close), so that a truncated request is seen as one.
			if _, err := conn.Write(raw); err != nil {
				t.Fatal(err)
			}
			conn.(*net.TCPConn).CloseWrite()
			resps, bodies, _ := exchange(t, conn, nil, 2*time.Second)
			mu.Lock()
			defer mu.Unlock()

			var want []recorded
			for _, w := range c.Requests {
				body, _ := base64.StdEncoding.DecodeString(w.BodyB64)
				want = append(want, recorded{Method: w.Method, URI: latin1(w.URI), Major: w.Version[0], Minor: w.Version[1],
					Header: headerMap(w.Headers), Body: string(body), Trailer: headerMap(w.Trailers)})
			}
			if isDev && dev.amend != nil {
				want = dev.amend(want)
			}
			served := func(n int) {
				t.Helper()
				for i := 0; i < n; i++ {
					if resps[i].StatusCode != 200 {
						t.Errorf("request %d: status %d %q", i, resps[i].StatusCode, bodies[i])
					}
					if i >= len(got) {
						t.Fatalf("handler saw %d requests, want %d", len(got), n)
					}
					if i < len(want) && !reflect.DeepEqual(normalize(got[i]), normalize(want[i])) {
						t.Errorf("request %d:\n got %+v\nwant %+v", i, got[i], want[i])
					}
				}
			}

			switch {
			case isDev && dev.status != 0:
				// Served up to dev.served, then refused with dev.status.
				if len(resps) != dev.served+1 || resps[dev.served].StatusCode != dev.status {
					t.Fatalf("deliberate difference (%s): want %d served then a %d, got %s", dev.why, dev.served, dev.status, statuses(resps))
				}
				served(dev.served)
				if len(got) > dev.served && !(dev.mayRun && len(got) == dev.served+1) {
					t.Errorf("handler ran for the refused request (%d runs)", len(got))
				}
			case c.Valid || isDev:
				// Served, as Gunicorn parses it (or as amended).
				n := len(want)
				if !c.Valid {
					n = 1 // an invalid case goframe serves: its first request
				}
				if len(resps) < n {
					t.Fatalf("%d responses (%s), want %d; bodies %q", len(resps), statuses(resps), n, bodies)
				}
				served(n)
			default:
				if len(resps) == 0 {
					t.Fatalf("invalid request (%s) got no response; the server must answer 4xx/5xx", c.Error)
				}
				last := resps[len(resps)-1]
				if last.StatusCode < 400 {
					t.Errorf("invalid request (%s): status %d", c.Error, last.StatusCode)
				}
				for _, r := range got {
					t.Errorf("handler ran for %s %s of an invalid case (%s)", r.Method, r.URI, c.Error)
				}
			}
		})
	}
}

// normalize makes empty maps nil, so that "no trailers" compares equal
// however it is spelled.
func normalize(r recorded) recorded {
	if len(r.Header) == 0 {
		r.Header = nil
	}
	if len(r.Trailer) == 0 {
		r.Trailer = nil
	}
	return r
}

func headerMap(hs [][2]string) map[string][]string {
	m := map[string][]string{}
	for _, h := range hs {
		k := textproto.CanonicalMIMEHeaderKey(h[0])
		m[k] = append(m[k], latin1(h[1]))
	}
	return m
}

// latin1 turns a corpus string back into the bytes sent: Gunicorn decodes
// the request head as ISO-8859-1, as WSGI requires.
func latin1(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			return s
		}
		b = append(b, byte(r))
	}
	return string(b)
}

func statuses(rs []*http.Response) string {
	var s []string
	for _, r := range rs {
		s = append(s, fmt.Sprint(r.StatusCode))
	}
	return "[" + strings.Join(s, " ") + "]"
}

var _ = bufio.NewReader
