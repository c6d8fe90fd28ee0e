package h1_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/goframe/goframe/gateway/internal/h1"
)

// otherLayer lists the corpus cases that are not about the request-head
// checker; they are skipped here, the gateway's tests over real sockets
// cover them.
var otherLayer = map[string]string{
	"valid/pp_01":   "PROXY protocol v1 header: the gateway's PROXY protocol layer (proxy_protocol)",
	"valid/pp_02":   "PROXY protocol v1 header: the gateway's PROXY protocol layer (proxy_protocol)",
	"valid/pp_03":   "proxy_protocol enabled without a PROXY header: the gateway's PROXY protocol layer",
	"valid/pp_04":   "PROXY protocol v2 header: the gateway's PROXY protocol layer (proxy_protocol)",
	"valid/pp_05":   "PROXY protocol v2 header: the gateway's PROXY protocol layer (proxy_protocol)",
	"invalid/pp_01": "malformed PROXY protocol header: the gateway's PROXY protocol layer",
	"invalid/pp_02": "malformed PROXY protocol header: the gateway's PROXY protocol layer",
	"invalid/pp_03": "malformed PROXY protocol header: the gateway's PROXY protocol layer",
	"invalid/019":   "X-Forwarded-Proto/X-Forwarded-Ssl conflict: the gateway's forwarded-headers layer (forwarded_allow_ips)",
}

// missingHost lists the cases with an HTTP/1.1 request without a Host
// field. RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request)
// status code to any HTTP/1.1 request message that lacks a Host header
// field"; Gunicorn accepts them. goframe answers 400 InvalidHeader; the test
// asserts that, then parses the case again without the Host requirement to
// check everything else against Gunicorn's expectation (or the deviation
// below).
var missingHost = []string{
	"valid/004", "valid/005", "valid/006", "valid/007", "valid/010", "valid/011",
	"valid/012", "valid/013", "valid/014", "valid/018", "valid/021", "valid/022",
	"valid/023", "valid/031", "valid/031compat", "valid/031compat2", "valid/100",
	"invalid/003c", "invalid/chunked_01", "invalid/chunked_07", "invalid/chunked_09",
	"invalid/chunked_10", "invalid/chunked_11", "invalid/chunked_12", "invalid/chunked_13",
	"invalid/chunked_14",
}

// outcome is what Parse must give: an error (Status, Kind) or, when Status
// is 0, the requests (nil: Gunicorn's expected requests).
type outcome struct {
	Status   int
	Kind     string
	Requests []h1.Request
}

// deviation is a deliberate difference from Gunicorn.
type deviation struct {
	Clause   string // the RFC 9112/9110 clause goframe follows
	Gunicorn string // what Gunicorn does instead
	Want     outcome
}

var (
	rejectTE501 = outcome{Status: 501, Kind: h1.KindUnsupportedTransferCoding}
	rejectCLTE  = outcome{Status: 400, Kind: h1.KindInvalidHeader}
	rejectFold  = outcome{Status: 400, Kind: h1.KindObsoleteFolding}
	chunked040  = []h1.Request{{Method: "GET", Target: "/keep/same/as?invalid/040", Major: 1, Minor: 0,
		Header: [][2]string{{"Transfer_Encoding", "tricked"}, {"Content-Length", "7"}, {"Content_Length", "-1E23"}},
		Body:   []byte("tricked")}}
)

var deviations = map[string]deviation{
	"valid/009": {
		Clause:   "RFC 9112 §6.1: a server MAY reject a request with both Transfer-Encoding and Content-Length (the request-smuggling vector); goframe always does",
		Gunicorn: "ignores Transfer-Encoding: identity and reads Content-Length",
		Want:     rejectCLTE,
	},
	"valid/025": {
		Clause:   "RFC 9112 §6.1: 501 for a transfer coding the server does not understand; net/http decodes only a single \"chunked\"",
		Gunicorn: "removes chunked and hands gzip content to the application",
		Want:     rejectTE501,
	},
	"valid/025_line": {
		Clause:   "RFC 9112 §6.1: 501 for a transfer coding the server does not understand",
		Gunicorn: "removes chunked and hands gzip content to the application",
		Want:     rejectTE501,
	},
	"valid/rfc9112_smuggle_gzip_chunked_01": {
		Clause:   "RFC 9112 §6.1: 501 for a transfer coding the server does not understand",
		Gunicorn: "removes chunked and hands gzip content to the application",
		Want:     rejectTE501,
	},
	"valid/029": {
		Clause:   "RFC 9112 §6.1 / RFC 9110 §18.7: \"identity\" is no longer a transfer coding; 501 for a coding the server does not understand",
		Gunicorn: "ignores identity",
		Want:     rejectTE501,
	},
	"valid/030": {
		Clause:   "RFC 9112 §6.1 / RFC 9110 §18.7: \"identity\" is no longer a transfer coding; 501",
		Gunicorn: "ignores identity",
		Want:     rejectTE501,
	},
	"valid/rfc9112_smuggle_te_identity_chunked_01": {
		Clause:   "RFC 9112 §6.1 / RFC 9110 §18.7: \"identity\" is no longer a transfer coding; 501",
		Gunicorn: "ignores identity",
		Want:     rejectTE501,
	},
	"valid/028": {
		Clause:   "RFC 9112 §5.1: no whitespace between field name and colon; a server MUST reject such a message with 400",
		Gunicorn: "strip_header_spaces=True strips it",
		Want:     outcome{Status: 400, Kind: h1.KindInvalidHeaderName},
	},
	"valid/031compat": {
		Clause:   "RFC 9110 §9.1: methods are case-sensitive; goframe never case-folds the method",
		Gunicorn: "casefold_http_method=True upper-cases it to -BLARGH",
		Want:     outcome{Requests: []h1.Request{{Method: "-blargh", Target: "/foo", Major: 1, Minor: 1}}},
	},
	"valid/040": {
		Clause:   "RFC 9110 §5.1/§5.6.2: '_' is a tchar, so Transfer_Encoding is an ordinary field; the Checker never rewrites the stream and net/http keeps it distinct (\"Transfer_encoding\")",
		Gunicorn: "header_map=drop (default) drops field names with '_'",
		Want:     outcome{Requests: chunked040},
	},
	"valid/099": {
		Clause:   "RFC 9112 §6.3/§8: Content-Length is 17914 but the stream ends after 8599 body bytes: an incomplete message",
		Gunicorn: "its test reader returns the partial body",
		Want:     outcome{Status: 400, Kind: h1.KindNoMoreData},
	},
	"valid/compat_obs_fold": {
		Clause:   "RFC 9112 §5.2: a server MUST reject obs-fold with 400 or replace it; goframe rejects (it never rewrites the stream)",
		Gunicorn: "permit_obsolete_folding=True unfolds",
		Want:     rejectFold,
	},
	"valid/compat_obs_fold_huge": {
		Clause:   "RFC 9112 §5.2: a server MUST reject obs-fold with 400 or replace it; goframe rejects",
		Gunicorn: "permit_obsolete_folding=True unfolds",
		Want:     rejectFold,
	},
	"invalid/003c": {
		Clause:   "RFC 9110 §9.1: method = token, case-sensitive; \"-bl\" is a valid extension method (the application answers 405/501 itself)",
		Gunicorn: "refuses lower-case methods unless permit_unconventional_http_method",
		Want:     outcome{Requests: []h1.Request{{Method: "-bl", Target: "/foo", Major: 1, Minor: 1}}},
	},
	"invalid/013": {
		Clause:   "RFC 9112 §5.2: obs-fold is refused as such, before any size accounting",
		Gunicorn: "permit_obsolete_folding=True unfolds, then the folded field exceeds limit_request_field_size (431)",
		Want:     rejectFold,
	},
	"invalid/040": {
		Clause:   "RFC 9110 §5.6.2: '_' is a tchar; header_map=refuse is not Gunicorn's default and goframe has no such mode",
		Gunicorn: "header_map=refuse refuses field names with '_'",
		Want:     outcome{Requests: chunked040},
	},
	"invalid/chunked_07": {
		Clause:   "RFC 9110 §5.6.2: '_' is a tchar; Transfer_Encoding is not Transfer-Encoding (net/http agrees)",
		Gunicorn: "header_map=refuse refuses field names with '_'",
		Want: outcome{Requests: []h1.Request{{Method: "POST", Target: "/chunked_ambiguous_header_mapping", Major: 1, Minor: 1,
			Header: [][2]string{{"Transfer_Encoding", "gzip"}, {"Transfer-Encoding", "chunked"}},
			Body:   []byte("hello world")}}},
	},
	"invalid/rfc9112_chunked_missing_final_crlf_01": {
		Clause:   "RFC 9112 §7.1: the stream ends before the CRLF ending the trailer section: an incomplete message (same status, 400)",
		Gunicorn: "ChunkMissingTerminator",
		Want:     outcome{Status: 400, Kind: h1.KindNoMoreData},
	},
}

// ignoredSettings lists cases with Gunicorn compatibility settings goframe
// has no knob for, whose outcome is nevertheless Gunicorn's.
var ignoredSettings = map[string]string{
	"valid/031compat2":                "permit_unconventional_http_method: goframe accepts every token method (RFC 9110 §9.1)",
	"valid/040_compat":                "header_map=dangerous: goframe passes fields with '_' through, like this mode",
	"valid/024":                       "limit_request_line 8200: Gunicorn lowers it to 8190, goframe does not; the line has 8189 bytes",
	"invalid/limit_header_default_01": "limit_request_field_size 0 means Gunicorn's default (8190)",
}

// statusOf is the status goframe answers for each Gunicorn error kind.
var statusOf = map[string]int{
	h1.KindLimitRequestHeaders:       431,
	h1.KindUnsupportedTransferCoding: 501,
}

// status505 lists the cases with a well-formed but unsupported version.
var status505 = map[string]bool{"invalid/version_02": true}

func TestConformance(t *testing.T) {
	limitKeys := map[string]bool{"limit_request_line": true, "limit_request_fields": true, "limit_request_field_size": true}
	noHost := map[string]bool{}
	for _, n := range missingHost {
		noHost[n] = true
	}
	for _, c := range loadCorpus(t) {
		t.Run(c.Name, func(t *testing.T) {
			if why, ok := otherLayer[c.Name]; ok {
				t.Skip(why)
			}
			dev, isDev := deviations[c.Name]
			for k := range c.Settings {
				_, ignored := ignoredSettings[c.Name]
				if !limitKeys[k] && !isDev && !ignored {
					t.Fatalf("setting %s has no Limits mapping: list the case in deviations or ignoredSettings", k)
				}
			}
			want := outcome{Requests: c.Requests}
			if !c.Valid {
				want = outcome{Status: 400, Kind: c.Error}
				if s, ok := statusOf[c.Error]; ok {
					want.Status = s
				}
				if status505[c.Name] {
					want.Status = 505
				}
			}
			if isDev {
				t.Logf("deviation (%s): Gunicorn %s", dev.Clause, dev.Gunicorn)
				want = dev.Want
				if want.Status == 0 && want.Requests == nil {
					want.Requests = c.Requests
				}
			}
			l := limitsFor(c)
			reqs, err := h1.Parse(c.Raw, l)
			checkAgreement(t, c.Raw, reqs, err)
			if noHost[c.Name] {
				var e *h1.Error
				if !errors.As(err, &e) || e.Status != 400 || e.Kind != h1.KindInvalidHeader || !strings.Contains(e.Reason, "Host") {
					t.Fatalf("HTTP/1.1 without Host: got %v, want 400 InvalidHeader (RFC 9112 §3.2)", err)
				}
				reqs, err = h1.ParseHostOptional(c.Raw, l)
			}
			assertOutcome(t, reqs, err, want)
		})
	}
}

func assertOutcome(t *testing.T, reqs []h1.Request, err error, want outcome) {
	t.Helper()
	if want.Status != 0 {
		var e *h1.Error
		if !errors.As(err, &e) {
			t.Fatalf("got %d requests, error %v; want %d %s", len(reqs), err, want.Status, want.Kind)
		}
		if e.Status != want.Status || e.Kind != want.Kind {
			t.Fatalf("got %d %s (%s), want %d %s", e.Status, e.Kind, e.Reason, want.Status, want.Kind)
		}
		return
	}
	if err != nil {
		t.Fatalf("got error %v after %d requests, want %d requests", err, len(reqs), len(want.Requests))
	}
	if len(reqs) != len(want.Requests) {
		t.Fatalf("got %d requests, want %d", len(reqs), len(want.Requests))
	}
	for i, w := range want.Requests {
		g := reqs[i]
		if g.Method != w.Method || g.Target != w.Target || g.Major != w.Major || g.Minor != w.Minor {
			t.Errorf("request %d: got %s %q HTTP/%d.%d, want %s %q HTTP/%d.%d",
				i, g.Method, g.Target, g.Major, g.Minor, w.Method, w.Target, w.Major, w.Minor)
		}
		if !sameFields(g.Header, w.Header) {
			t.Errorf("request %d: header\n got %q\nwant %q", i, g.Header, w.Header)
		}
		if !bytes.Equal(g.Body, w.Body) {
			t.Errorf("request %d: body\n got %q\nwant %q", i, g.Body, w.Body)
		}
		if !sameFields(g.Trailer, w.Trailer) {
			t.Errorf("request %d: trailer\n got %q\nwant %q", i, g.Trailer, w.Trailer)
		}
	}
}

// sameFields compares field lists in order, names case-insensitively.
func sameFields(a, b [][2]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i][0], b[i][0]) || a[i][1] != b[i][1] {
			return false
		}
	}
	return true
}
