package gateway

// The machinery of TestEngine_SameAsNetHTTP (engine_diff_test.go): running
// a case on both engines, exchanging raw bytes, normalising and comparing
// what came back, and recording what the handlers saw.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// diffResult is what one engine did with a case.
type diffResult struct {
	streams []string // per connection, normalised
	ends    []string // per connection: "closed" or "open"
	resets  []bool   // per connection: the close was a reset (not compared)
	records string   // what the handler observed
	err     error
}

func runDiffCase(t *testing.T, tc diffCase) {
	quiet := tc.quiet
	if quiet == 0 {
		quiet = diffQuiet
	}
	var servers [2]*testServer
	var recs [2]*recorder
	for i, engine := range diffEngines {
		recs[i] = &recorder{}
		servers[i] = startServer(t, recs[i].handler(tc.h), append([]string{"--engine", engine}, tc.args...)...)
	}
	var res [2]diffResult
	var wg sync.WaitGroup
	for i := range diffEngines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &res[i]
			for _, dc := range tc.conns {
				out, end, reset, err := diffExchange(servers[i].addr(), dc, quiet)
				if err != nil {
					r.err = err
					return
				}
				r.streams = append(r.streams, normalizeStream(out))
				r.ends = append(r.ends, end)
				r.resets = append(r.resets, reset)
			}
			r.records, r.err = recs[i].wait(3 * time.Second)
		}()
	}
	wg.Wait()
	for i, e := range diffEngines {
		if res[i].err != nil {
			t.Fatalf("%s: %v", e, res[i].err)
		}
	}
	ref, got := &res[0], &res[1]
	for i := range tc.conns {
		t.Logf("%s, connection %d (%s, reset %v): %s", diffEngines[0], i+1, ref.ends[i], ref.resets[i], quoteCapped(ref.streams[i]))
	}
	t.Logf("%s, what the handler saw:\n%s", diffEngines[0], ref.records)

	for i := range tc.conns {
		a, b := ref.streams[i], got.streams[i]
		if tc.differs != "" {
			a, b = parsedStream(a), parsedStream(b)
		}
		if a != b || ref.ends[i] != got.ends[i] {
			how := "the bytes sent back differ"
			if tc.differs != "" {
				how = "the responses differ (compared as parsed, since: " + tc.differs + ")"
			}
			t.Errorf("case %q, connection %d: %s\n%s (%s):\n%s\n%s (%s):\n%s\n%s",
				tc.name, i+1, how,
				diffEngines[0], ref.ends[i], quoteCapped(a), diffEngines[1], got.ends[i], quoteCapped(b),
				firstDiff(a, b))
		}
	}
	if ref.records != got.records {
		t.Errorf("case %q: the handler saw different things\n%s:\n%s\n%s:\n%s\n%s",
			tc.name, diffEngines[0], ref.records, diffEngines[1], got.records, firstDiff(ref.records, got.records))
	}
}

// diffExchange sends dc's bytes on a fresh connection to addr and returns
// everything the server sent back, and whether the server closed the
// connection ("closed") or went quiet ("open"). A reset counts as a
// close: whether the client sees a FIN or an RST depends on whether its
// unread bytes were still in the server's socket when it closed, which is
// timing; the bytes received before are compared all the same.
func diffExchange(addr string, dc diffConn, quiet time.Duration) (out []byte, end string, reset bool, err error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, "", false, err
	}
	defer c.Close()
	wrote := make(chan time.Time, 1)
	go func() {
		for i, p := range dc.parts {
			if i > 0 {
				time.Sleep(diffPause)
			}
			if _, err := io.WriteString(c, p); err != nil {
				break // the server closed; what it sent is the result
			}
		}
		if dc.halfClose {
			c.(*net.TCPConn).CloseWrite()
		}
		wrote <- time.Now()
	}()
	var buf bytes.Buffer
	b := make([]byte, 64<<10)
	start := time.Now()
	var last, wroteAt time.Time
	for {
		if wroteAt.IsZero() {
			select {
			case wroteAt = <-wrote:
			default:
			}
		}
		deadline := time.Now().Add(quiet)
		if !wroteAt.IsZero() {
			deadline = wroteAt.Add(quiet)
			if last.Add(quiet).After(deadline) {
				deadline = last.Add(quiet)
			}
		}
		if time.Since(start) > diffMax {
			return buf.Bytes(), "", false, fmt.Errorf("no end to the exchange after %v; got %q", diffMax, buf.Bytes())
		}
		c.SetReadDeadline(deadline)
		n, err := c.Read(b)
		buf.Write(b[:n])
		if n > 0 {
			last = time.Now()
		}
		switch {
		case err == nil:
		case errors.Is(err, io.EOF):
			return buf.Bytes(), "closed", false, nil
		case errors.Is(err, syscall.ECONNRESET):
			return buf.Bytes(), "closed", true, nil
		case errors.Is(err, os.ErrDeadlineExceeded):
			if !wroteAt.IsZero() && !time.Now().Before(deadline) {
				return buf.Bytes(), "open", false, nil
			}
		default:
			return buf.Bytes(), "", false, err
		}
	}
}

var (
	dateField     = regexp.MustCompile(`\r\nDate: ([^\r\n]*)\r\n`)
	rangeBoundary = regexp.MustCompile(`multipart/byteranges; boundary=([0-9a-zA-Z'()+_,./:=?-]+)`)
)

// normalizeStream replaces what differs from one response to the next
// whatever the engine: the Date field's value, if it is the current time
// in http.TimeFormat (give or take a few seconds: an engine may cache
// it), and the random boundary of a multipart/byteranges body
// (http.ServeContent's). A Date that is not is left as it is, to show.
func normalizeStream(b []byte) string {
	b = dateField.ReplaceAllFunc(b, func(f []byte) []byte {
		v := dateField.FindSubmatch(f)[1]
		d, err := time.Parse(http.TimeFormat, string(v))
		if err != nil || d.Format(http.TimeFormat) != string(v) || time.Since(d).Abs() > 5*time.Second {
			return f
		}
		return []byte("\r\nDate: <date>\r\n")
	})
	for _, m := range rangeBoundary.FindAllSubmatch(b, -1) {
		b = bytes.ReplaceAll(b, m[1], []byte("<boundary>"))
	}
	return string(b)
}

// parsedStream renders a response stream as its responses: status,
// header fields sorted (Connection: close shows as close=true, since
// ReadResponse takes it out), body and trailer; for the cases whose bytes
// may differ. Responses are parsed as answers to GET: a case that
// compares HEAD responses this way must not use differs.
func parsedStream(s string) string {
	var out strings.Builder
	br := bufio.NewReader(strings.NewReader(s))
	for i := 1; ; i++ {
		if _, err := br.Peek(1); err != nil {
			return out.String() // the stream ends between responses
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			rest, _ := io.ReadAll(br)
			fmt.Fprintf(&out, "unparsed: %v: %q\n", err, rest)
			return out.String()
		}
		body, berr := io.ReadAll(resp.Body)
		fmt.Fprintf(&out, "response %d: %s %s close=%v\n", i, resp.Proto, resp.Status, resp.Close)
		for _, l := range sortedHeader(resp.Header) {
			fmt.Fprintf(&out, "  %s\n", l)
		}
		fmt.Fprintf(&out, "  body %q (%v)\n  trailer %q\n", body, berr, sortedHeader(resp.Trailer))
	}
}

// quoteCapped quotes s, keeping its beginning and end when it is long.
func quoteCapped(s string) string {
	const max = 4096
	if len(s) <= max {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q ...[%d bytes]... %q", s[:max/2], len(s)-max, s[len(s)-max/2:])
}

// firstDiff names the first line (ending in \n) where a and b differ.
func firstDiff(a, b string) string {
	la, lb := strings.SplitAfter(a, "\n"), strings.SplitAfter(b, "\n")
	for i := 0; i < max(len(la), len(lb)); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("first difference at line %d:\n  %s: %s\n  %s: %s",
				i+1, diffEngines[0], quoteCapped(x), diffEngines[1], quoteCapped(y))
		}
	}
	return "the streams are the same line by line; the difference is in how they ended"
}

// handlerRecord is what a handler saw of one request and of its
// ResponseWriter.
type handlerRecord struct {
	Method, RequestURI, URL, Path, Proto string
	ProtoMajor, ProtoMinor               int
	Host                                 string
	Header                               []string
	ContentLength                        int64
	TransferEncoding                     []string
	Close                                bool
	NoBody                               bool // r.Body == http.NoBody
	RemoteHost                           string
	TLSNil                               bool
	Interfaces                           []string
	InitialHeader                        []string // w.Header() before the handler ran
	Events                               []string // the handler's calls and their results, in order
	Body                                 []byte   // request body bytes the handler read
	BodyErr                              []string // the errors of its reads
	Trailer                              []string // r.Trailer when the handler returned
	Panic                                string
	Context                              string // r.Context() around the end of the handler
	done                                 bool
}

func (h *handlerRecord) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "  %s %s (URL %q, Path %q) %s (%d.%d) Host %q\n", h.Method, h.RequestURI, h.URL, h.Path, h.Proto, h.ProtoMajor, h.ProtoMinor, h.Host)
	fmt.Fprintf(&b, "  Header %q\n", h.Header)
	fmt.Fprintf(&b, "  ContentLength %d TransferEncoding %q Close %v NoBody %v\n", h.ContentLength, h.TransferEncoding, h.Close, h.NoBody)
	fmt.Fprintf(&b, "  RemoteAddr host %s, TLS nil %v\n", h.RemoteHost, h.TLSNil)
	fmt.Fprintf(&b, "  ResponseWriter implements %v; Header() at first %q\n", h.Interfaces, h.InitialHeader)
	body := h.Body
	if len(body) > 64 {
		body = append(body[:64:64], "..."...)
	}
	fmt.Fprintf(&b, "  read body %d bytes (crc %08x) %q, errors %v\n", len(h.Body), crc32.ChecksumIEEE(h.Body), body, h.BodyErr)
	fmt.Fprintf(&b, "  Trailer after %q\n", h.Trailer)
	for _, e := range h.Events {
		fmt.Fprintf(&b, "  - %s\n", e)
	}
	if h.Panic != "" {
		fmt.Fprintf(&b, "  panicked: %s\n", h.Panic)
	}
	fmt.Fprintf(&b, "  context: %s\n", h.Context)
	return b.String()
}

// recorder runs a case's handler on one server and keeps what each
// request's handler saw, in the order the handlers began.
type recorder struct {
	mu   sync.Mutex
	recs []*handlerRecord
}

// observer is a handler's way to record what it did and got.
type observer struct {
	mu  *sync.Mutex
	rec *handlerRecord
}

func (o *observer) event(format string, args ...any) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.rec.Events = append(o.rec.Events, fmt.Sprintf(format, args...))
}

// write writes s and records the result.
func (o *observer) write(w http.ResponseWriter, s string) {
	n, err := w.Write([]byte(s))
	o.event("Write(%d bytes) = %d, %v", len(s), n, err)
}

// readBody reads n bytes of the request body (all of it if n < 0) and
// records them and the error.
func (o *observer) readBody(r *http.Request, n int) {
	var b []byte
	var err error
	if n < 0 {
		b, err = io.ReadAll(r.Body)
	} else {
		b = make([]byte, n)
		n, err = io.ReadFull(r.Body, b)
		b = b[:n]
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.rec.Body = append(o.rec.Body, b...)
	o.rec.BodyErr = append(o.rec.BodyErr, fmt.Sprint(err))
}

func (rs *recorder) handler(h func(http.ResponseWriter, *http.Request, *observer)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &handlerRecord{
			Method: r.Method, RequestURI: r.RequestURI, URL: r.URL.String(), Path: r.URL.Path, Proto: r.Proto,
			ProtoMajor: r.ProtoMajor, ProtoMinor: r.ProtoMinor, Host: r.Host, Header: sortedHeader(r.Header),
			ContentLength: r.ContentLength, TransferEncoding: r.TransferEncoding, Close: r.Close,
			NoBody: r.Body == http.NoBody, TLSNil: r.TLS == nil, InitialHeader: sortedHeader(w.Header()),
		}
		rec.RemoteHost, _, _ = net.SplitHostPort(r.RemoteAddr)
		for _, i := range []struct {
			name string
			ok   bool
		}{
			{"Flusher", is[http.Flusher](w)},
			{"Hijacker", is[http.Hijacker](w)},
			{"io.StringWriter", is[io.StringWriter](w)},
			{"io.ReaderFrom", is[io.ReaderFrom](w)},
			{"FlushError", is[interface{ FlushError() error }](w)},
			{"Unwrap", is[interface{ Unwrap() http.ResponseWriter }](w)},
		} {
			if i.ok {
				rec.Interfaces = append(rec.Interfaces, i.name)
			}
		}
		rs.mu.Lock()
		rs.recs = append(rs.recs, rec)
		rs.mu.Unlock()

		o := &observer{mu: &rs.mu, rec: rec}
		defer func() {
			v := recover()
			rs.mu.Lock()
			rec.Trailer = sortedHeader(r.Trailer)
			if v != nil {
				rec.Panic = fmt.Sprint(v)
			}
			rs.mu.Unlock()
			watchContext(&rs.mu, rec, r.Context())
			if v != nil {
				panic(v)
			}
		}()
		h(w, r, o)
	})
}

// watchContext records, as the handler returns, whether r.Context() is
// done already (the client went away) or, if not, whether it is canceled
// within a second (net/http cancels it once the handler returned).
func watchContext(mu *sync.Mutex, rec *handlerRecord, ctx context.Context) {
	finish := func(what string) {
		mu.Lock()
		rec.Context, rec.done = what, true
		mu.Unlock()
	}
	if err := ctx.Err(); err != nil {
		finish("done before the handler returned: " + err.Error())
		return
	}
	go func() {
		select {
		case <-ctx.Done():
			finish("canceled after the handler returned: " + ctx.Err().Error())
		case <-time.After(time.Second):
			finish("not canceled within 1s after the handler returned")
		}
	}()
}

func is[T any](w http.ResponseWriter) bool {
	_, ok := w.(T)
	return ok
}

// wait waits until every handler's record is complete and renders them.
func (rs *recorder) wait(d time.Duration) (string, error) {
	deadline := time.Now().Add(d)
	for {
		rs.mu.Lock()
		done := true
		for _, r := range rs.recs {
			done = done && r.done
		}
		if done {
			var b strings.Builder
			for i, r := range rs.recs {
				fmt.Fprintf(&b, "request %d:\n%s", i+1, r)
			}
			if len(rs.recs) == 0 {
				b.WriteString("no request reached the handler\n")
			}
			rs.mu.Unlock()
			return b.String(), nil
		}
		rs.mu.Unlock()
		if time.Now().After(deadline) {
			return "", fmt.Errorf("handlers still running after %v", d)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// sortedHeader renders h as "Key: v1 | v2" lines sorted by key, values in
// their order.
func sortedHeader(h http.Header) []string {
	var out []string
	for k, vs := range h {
		out = append(out, fmt.Sprintf("%s: %s", k, strings.Join(vs, " | ")))
	}
	sort.Strings(out)
	return out
}

// TestEngine_Settings: --engine takes goframe or net/http, refuses anything
// else naming the setting, and defaults to the settings table's default.
func TestEngine_Settings(t *testing.T) {
	var def *Setting
	for _, s := range Settings() {
		if s.Name == "engine" {
			def = s
		}
	}
	if def == nil {
		t.Fatal("no engine setting in the table")
	}
	if def.Default != "goframe" && def.Default != "net/http" {
		t.Errorf("the table's default %q is not an engine", def.Default)
	}
	c, err := LoadConfig(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Engine != def.Default {
		t.Errorf("default engine %q, the table says %q", c.Engine, def.Default)
	}
	for _, e := range diffEngines {
		c, err := LoadConfig([]string{"--engine", e}, nil)
		if err != nil || c.Engine != e {
			t.Errorf("--engine %s: %v, Engine %q", e, err, c.Engine)
		}
		c, err = LoadConfig(nil, []string{"GOFRAME_ENGINE=" + e})
		if err != nil || c.Engine != e {
			t.Errorf("GOFRAME_ENGINE=%s: %v, Engine %q", e, err, c.Engine)
		}
	}
	// A bad value is a *SettingError whose message names the setting. A
	// flag's error names it as the flag (--engine) and leaves Setting
	// empty, as every flag's does; the other sources fill Setting.
	for _, bad := range []struct {
		args, env []string
		setting   string // the SettingError's Setting
	}{
		{[]string{"--engine", "nosuch"}, nil, ""},
		{[]string{"--engine="}, nil, ""},
		{[]string{"--engine", "net/HTTP"}, nil, ""},
		{nil, []string{"GOFRAME_ENGINE=nosuch"}, "engine"},
		{nil, []string{"GOFRAME_CMD_ARGS=--engine nosuch"}, ""},
	} {
		_, err := LoadConfig(bad.args, bad.env)
		var se *SettingError
		if !errors.As(err, &se) || se.Setting != bad.setting || !strings.Contains(err.Error(), "engine") {
			t.Errorf("args %q env %q: error %#v, want a *SettingError naming engine", bad.args, bad.env, err)
		}
	}
}
