package framework_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/goframe/goframe/framework"
)

// logLines returns the JSON log records whose message is msg.
func logLines(t *testing.T, logs string, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for line := range strings.Lines(logs) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

func TestRequestLogger(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path string
		status     int
		level      string
		bytes      float64 // -1: not checked
		panicked   bool
	}{
		{"ok", "/ok?token=s3cret", 200, "INFO", 5, false},
		{"created", "/created", 201, "INFO", 0, false},
		{"not found", "/missing?password=hunter2", 404, "WARN", -1, false},
		{"forbidden", "/forbidden", 403, "WARN", -1, false},
		{"server error", "/fail", 500, "ERROR", -1, false},
		{"panic", "/panic", 500, "ERROR", -1, true},
		{"stream", "/stream", 200, "INFO", 6, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			logs := &syncBuffer{}
			a := framework.New(framework.Config{
				SecretKey:    strings.Repeat("k", 40),
				AllowedHosts: []string{"example.com"},
				Logger:       slog.New(slog.NewJSONHandler(logs, nil)),
			})
			a.Get("/ok", func(r *framework.Request) framework.Response { return framework.Text("hello") })
			a.Get("/created", func(r *framework.Request) framework.Response { return framework.NoContent().WithStatus(201) })
			a.Get("/forbidden", func(r *framework.Request) framework.Response { return framework.Forbidden() })
			a.Get("/fail", func(r *framework.Request) framework.Response { return framework.Error(errors.New("db down")) })
			a.Get("/panic", func(r *framework.Request) framework.Response { panic("boom") })
			a.Get("/stream", func(r *framework.Request) framework.Response {
				return framework.Stream("text/plain", func(w io.Writer) error {
					_, err := io.WriteString(w, "abcdef")
					return err
				})
			})
			req := httptest.NewRequest("GET", "http://example.com"+tt.path, nil)
			req.RemoteAddr = "203.0.113.9:4711"
			req.Header.Set(framework.RequestIDHeader, "req-"+tt.name[:2])
			w := httptest.NewRecorder()
			a.ServeHTTP(w, req)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d", w.Code, tt.status)
			}
			lines := logLines(t, logs.String(), "request")
			if len(lines) != 1 {
				t.Fatalf("%d request lines:\n%s", len(lines), logs)
			}
			rec := lines[0]
			want := map[string]any{
				"level": tt.level, "method": "GET", "path": req.URL.Path, "status": float64(tt.status),
				"request_id": "req-" + tt.name[:2], "client_ip": "203.0.113.9",
			}
			for k, v := range want {
				if rec[k] != v {
					t.Errorf("%s = %v, want %v", k, rec[k], v)
				}
			}
			if tt.bytes >= 0 && rec["bytes"] != tt.bytes {
				t.Errorf("bytes = %v, want %v", rec["bytes"], tt.bytes)
			}
			if d, ok := rec["duration"].(float64); !ok || d < 0 {
				t.Errorf("duration = %v", rec["duration"])
			}
			if (rec["panic"] == true) != tt.panicked {
				t.Errorf("panic = %v, want %v", rec["panic"], tt.panicked)
			}
			if strings.Contains(logs.String(), "s3cret") || strings.Contains(logs.String(), "hunter2") {
				t.Errorf("the query string was logged:\n%s", logs)
			}
		})
	}
}

// TestRequestLogger_Connection checks that the writers of the logger
// and the CSRF middleware let a view flush and hijack the connection.
func TestRequestLogger_Connection(t *testing.T) {
	t.Parallel()
	records := make(chan slog.Record, 10)
	a := framework.New(framework.Config{
		SecretKey:    strings.Repeat("k", 40),
		AllowedHosts: []string{"*"},
		Logger:       slog.New(chanHandler(records)),
	})
	a.Get("/hijack", func(r *framework.Request) framework.Response {
		_ = framework.CSRFToken(r) // the CSRF writer wants to set a cookie: it must not get in the way
		conn, brw, err := http.NewResponseController(r.ResponseWriter()).Hijack()
		if err != nil {
			return framework.Error(err)
		}
		defer conn.Close()
		brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nhijacked\n")
		brw.Flush()
		return framework.Written()
	})
	a.Get("/flush", func(r *framework.Request) framework.Response {
		w := r.ResponseWriter()
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "part\n")
		if err := http.NewResponseController(w).Flush(); err != nil {
			return framework.Error(err)
		}
		return framework.Written()
	})
	srv := httptest.NewServer(a)
	defer srv.Close()

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /hijack HTTP/1.1\r\nHost: example.com\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(br) // after a 101, the connection is the handler's
	if resp.StatusCode != 101 || string(body) != "hijacked\n" {
		t.Errorf("hijack: %d %q", resp.StatusCode, body)
	}

	res, err := http.Get(srv.URL + "/flush")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(body) != "part\n" || res.ContentLength != -1 {
		t.Errorf("flush: %d %q, length %d (a flushed response is chunked)", res.StatusCode, body, res.ContentLength)
	}

	statuses := map[string]int64{}
	for len(statuses) < 2 { // a hijacked request's line comes after the client saw the end
		rec := <-records
		attrs := map[string]slog.Value{}
		rec.Attrs(func(a slog.Attr) bool { attrs[a.Key] = a.Value; return true })
		if rec.Message == "request" {
			statuses[attrs["path"].String()] = attrs["status"].Int64()
		}
	}
	if statuses["/hijack"] != 101 || statuses["/flush"] != 200 {
		t.Errorf("logged statuses %v", statuses)
	}
}

// chanHandler is a slog.Handler that sends each record on ch.
type chanHandler chan slog.Record

func (h chanHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h chanHandler) Handle(_ context.Context, r slog.Record) error {
	h <- r.Clone()
	return nil
}
func (h chanHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h chanHandler) WithGroup(string) slog.Handler      { return h }
