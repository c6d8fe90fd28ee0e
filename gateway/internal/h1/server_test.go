package h1_test

import (
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goframe/goframe/gateway/internal/h1"
)

// TestServerAgreement sends every stream to a real net/http server over
// TCP and checks that its handler sees exactly the requests the Checker
// accepted (all of them when the Checker accepted the whole stream). This
// validates readNetHTTP, the faster emulation the fuzzer uses.
func TestServerAgreement(t *testing.T) {
	if testing.Short() {
		t.Skip("uses the network")
	}
	var mu sync.Mutex
	seen := map[string][]netRequest{} // by client address
	hosts := map[string][]string{}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, err := io.ReadAll(r.Body)
			if err != nil {
				return // not a complete request
			}
			trailer := http.Header{}
			for k, v := range r.Trailer {
				if v != nil {
					trailer[k] = v
				}
			}
			mu.Lock()
			defer mu.Unlock()
			seen[r.RemoteAddr] = append(seen[r.RemoteAddr], netRequest{
				Method: r.Method, URI: r.RequestURI, Major: r.ProtoMajor, Minor: r.ProtoMinor,
				Header: r.Header.Clone(), Body: body, Trailer: trailer,
			})
			hosts[r.RemoteAddr] = append(hosts[r.RemoteAddr], r.Host)
		}),
		DisableGeneralOptionsHandler: true, // OPTIONS * reaches the handler
		ErrorLog:                     log.New(io.Discard, "", 0),
		ReadTimeout:                  10 * time.Second,
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip(err)
	}
	go srv.Serve(ln)
	defer srv.Close()

	for _, sc := range allStreams(t) {
		t.Run(sc.name, func(t *testing.T) {
			reqs, perr := h1.Parse(sc.raw, sc.limits)
			conn, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(10 * time.Second))
			done := make(chan struct{})
			go func() {
				defer close(done)
				conn.Write(sc.raw)
				conn.(*net.TCPConn).CloseWrite()
			}()
			io.Copy(io.Discard, conn) // until the server closes
			<-done
			mu.Lock()
			got, gotHosts := seen[conn.LocalAddr().String()], hosts[conn.LocalAddr().String()]
			mu.Unlock()

			if perr == nil && len(got) != len(reqs) || len(got) < len(reqs) {
				t.Fatalf("Checker accepted %d requests (error %v), the handler ran %d times", len(reqs), perr, len(got))
			}
			for i, r := range reqs {
				want := asNetHTTP(r)
				wantHost := serverHost(r, want.Header)
				delete(want.Header, "Host")
				g := got[i]
				if g.Body == nil {
					g.Body = []byte{}
				}
				if !reflect.DeepEqual(want, g) || wantHost != gotHosts[i] {
					t.Fatalf("request %d:\nChecker: %+v host %q\nhandler: %+v host %q", i, want, wantHost, g, gotHosts[i])
				}
			}
		})
	}
}

// serverHost is the Request.Host net/http derives: the authority of an
// absolute-form or authority-form target, else the Host field.
func serverHost(r h1.Request, h http.Header) string {
	target := r.Target
	if r.Method == "CONNECT" && !strings.HasPrefix(target, "/") {
		target = "http://" + target
	}
	if u, err := url.ParseRequestURI(target); err == nil && u.Host != "" {
		return u.Host
	}
	return h.Get("Host")
}
