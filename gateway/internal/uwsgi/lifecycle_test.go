package uwsgi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestServerContextAndHooks(t *testing.T) {
	type key string
	var mu sync.Mutex
	var states []http.ConnState
	handlerDone := make(chan error, 1)
	ts := startServer(t, "tcp", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if ctx.Value(key("base")) != "b" || ctx.Value(key("conn")) != "c" || ctx.Value(http.LocalAddrContextKey) == nil {
			handlerDone <- errors.New("context values missing")
			return
		}
		io.ReadAll(r.Body)
		select {
		case <-ctx.Done(): // the client went away
			handlerDone <- nil
		case <-time.After(5 * time.Second):
			handlerDone <- errors.New("context not cancelled when the connection closed")
		}
	}), func(s *Server) {
		s.BaseContext = func(net.Listener) context.Context { return context.WithValue(context.Background(), key("base"), "b") }
		s.ConnContext = func(ctx context.Context, c net.Conn) context.Context { return context.WithValue(ctx, key("conn"), "c") }
		s.ConnState = func(c net.Conn, st http.ConnState) {
			mu.Lock()
			states = append(states, st)
			mu.Unlock()
		}
	})
	for _, bodyLen := range []int{0, 10} {
		t.Run(fmt.Sprintf("body %d", bodyLen), func(t *testing.T) {
			mu.Lock()
			states = nil
			mu.Unlock()
			c := ts.dial(t)
			c.Write(AppendPacket(nil, vars("POST", "/", [2]string{"CONTENT_LENGTH", strconv.Itoa(bodyLen)})))
			c.Write(bytes.Repeat([]byte{'x'}, bodyLen))
			time.Sleep(50 * time.Millisecond)
			c.Close()
			if err := <-handlerDone; err != nil {
				t.Fatal(err)
			}
			want := []http.ConnState{http.StateNew, http.StateActive, http.StateClosed}
			deadline := time.Now().Add(5 * time.Second)
			for {
				mu.Lock()
				got := fmt.Sprint(states)
				mu.Unlock()
				if got == fmt.Sprint(want) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("states %s, want %v", got, want)
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}

func TestServerResponseController(t *testing.T) {
	ts := startServer(t, "unix", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		for name, err := range map[string]error{
			"SetReadDeadline":  rc.SetReadDeadline(time.Now().Add(time.Minute)),
			"SetWriteDeadline": rc.SetWriteDeadline(time.Now().Add(time.Minute)),
			"EnableFullDuplex": rc.EnableFullDuplex(),
		} {
			if err != nil {
				fmt.Fprintf(w, "%s: %v\n", name, err)
			}
		}
		io.WriteString(w, "a")
		if err := rc.Flush(); err != nil {
			fmt.Fprintf(w, "Flush: %v\n", err)
		}
		if _, _, err := rc.Hijack(); !errors.Is(err, http.ErrNotSupported) {
			fmt.Fprintf(w, "Hijack: %v\n", err)
		}
		io.WriteString(w, "b")
	}), nil)
	raw, err := ts.roundTrip(t, AppendPacket(nil, vars("GET", "/")), "")
	if err != nil {
		t.Fatal(err)
	}
	resp, body := parseResponse(t, raw, "GET")
	if body != "ab" || resp.ContentLength != -1 {
		t.Fatalf("body %q ContentLength %d", body, resp.ContentLength)
	}
}

func TestServerReadTimeout(t *testing.T) {
	var ran atomic.Bool
	ts := startServer(t, "tcp", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ran.Store(true)
	}), func(s *Server) { s.ReadTimeout = 200 * time.Millisecond })
	c := ts.dial(t)
	pkt := AppendPacket(nil, vars("GET", "/"))
	c.Write(pkt[:len(pkt)/2]) // then stall
	start := time.Now()
	raw, _ := io.ReadAll(c)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("connection closed after %v", d)
	}
	if len(raw) != 0 || ran.Load() {
		t.Errorf("response %q, handler ran %v; want nothing", raw, ran.Load())
	}
}

func TestServerShutdown(t *testing.T) {
	for _, network := range []string{"tcp", "unix"} {
		t.Run(network, func(t *testing.T) {
			started, release := make(chan struct{}), make(chan struct{})
			ts := startServer(t, network, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				close(started)
				<-release
				io.WriteString(w, "finished")
			}), nil)
			defer func(d time.Duration) { newConnGrace = d }(newConnGrace)
			newConnGrace = 300 * time.Millisecond
			ts.dial(t) // connected, never sends: closed after the grace period
			c := ts.dial(t)
			c.Write(AppendPacket(nil, vars("GET", "/")))
			<-started

			shutdown := make(chan error, 1)
			go func() { shutdown <- ts.srv.Shutdown(context.Background()) }()
			select {
			case err := <-ts.done:
				if !errors.Is(err, ErrServerClosed) {
					t.Fatalf("Serve = %v", err)
				}
				ts.done <- err // for the cleanup
			case <-time.After(5 * time.Second):
				t.Fatal("Serve did not return after Shutdown")
			}
			if c2, err := net.DialTimeout(network, ts.addr, time.Second); err == nil {
				c2.Close()
				t.Error("listener still accepts after Shutdown")
			}
			select {
			case err := <-shutdown:
				t.Fatalf("Shutdown returned %v with a request in flight", err)
			case <-time.After(100 * time.Millisecond):
			}
			close(release)
			raw, err := io.ReadAll(c)
			if err != nil {
				t.Fatal(err)
			}
			if _, body := parseResponse(t, string(raw), "GET"); body != "finished" {
				t.Fatalf("body %q", body)
			}
			select {
			case err := <-shutdown:
				if err != nil {
					t.Fatalf("Shutdown = %v", err)
				}
			case <-time.After(newConnGrace + 5*time.Second):
				t.Fatal("Shutdown did not return")
			}
			if err := ts.srv.Serve(listen(t, network)); !errors.Is(err, ErrServerClosed) {
				t.Errorf("Serve after Shutdown = %v", err)
			}
		})
	}
}

func TestServerShutdownTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	started := make(chan struct{})
	ts := startServer(t, "tcp", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
	}), nil)
	c := ts.dial(t)
	c.Write(AppendPacket(nil, vars("GET", "/")))
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := ts.srv.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Shutdown = %v, want DeadlineExceeded", err)
	}
}

func TestServerClose(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	started := make(chan struct{})
	ts := startServer(t, "unix", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		io.WriteString(w, "too late")
	}), nil)
	c := ts.dial(t)
	c.Write(AppendPacket(nil, vars("GET", "/")))
	<-started
	if err := ts.srv.Close(); err != nil {
		t.Fatalf("Close = %v", err)
	}
	raw, _ := io.ReadAll(c)
	if len(raw) != 0 {
		t.Fatalf("got %q after Close", raw)
	}
	select {
	case err := <-ts.done:
		if !errors.Is(err, ErrServerClosed) {
			t.Fatalf("Serve = %v", err)
		}
		ts.done <- err
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after Close")
	}
}
