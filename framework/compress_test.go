package framework_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goframe/goframe/framework"
	"github.com/klauspost/compress/zstd"
)

// page is a compressible body well above the minimum size.
var page = strings.Repeat("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>\n", 100)

func newCompressApp(t *testing.T, opts ...framework.CompressOption) *framework.App {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	a := framework.New(framework.Config{
		SecretKey:    strings.Repeat("k", 40),
		AllowedHosts: []string{"example.com", "127.0.0.1"},
		NoRequestLog: true,
	})
	a.Use(framework.Compress(opts...))
	a.Get("/page", func(r *framework.Request) framework.Response { return framework.HTML(page) })
	a.Get("/small", func(r *framework.Request) framework.Response { return framework.HTML("<p>hi</p>") })
	a.Get("/json", func(r *framework.Request) framework.Response {
		return framework.Bytes("application/problem+json", []byte(`{"detail":"`+strings.Repeat("x", 2000)+`"}`))
	})
	a.Get("/png", func(r *framework.Request) framework.Response {
		return framework.Bytes("image/png", bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 1000))
	})
	a.Get("/encoded", func(r *framework.Request) framework.Response {
		return framework.Bytes("text/plain", []byte(page)).WithHeader("Content-Encoding", "br").WithHeader("Etag", `"br1"`)
	})
	a.Get("/file", func(r *framework.Request) framework.Response { return framework.File(filepath.Join(dir, "notes.txt")) })
	a.Get("/empty", func(r *framework.Request) framework.Response { return framework.NoContent() })
	return a
}

func TestCompress(t *testing.T) {
	t.Parallel()
	a := newCompressApp(t)
	tests := []struct {
		name, method, path, accept string
		header                     map[string]string
		status                     int
		encoding                   string // "" for none
		body                       string // the decoded body ("" not checked)
	}{
		{name: "gzip", path: "/page", accept: "gzip, deflate", status: 200, encoding: "gzip", body: page},
		{name: "zstd preferred at equal q", path: "/page", accept: "gzip, zstd", status: 200, encoding: "zstd", body: page},
		{name: "q-values choose gzip", path: "/page", accept: "zstd;q=0.5, gzip;q=0.9", status: 200, encoding: "gzip", body: page},
		{name: "gzip refused with q=0", path: "/page", accept: "gzip;q=0, deflate", status: 200, body: page},
		{name: "no Accept-Encoding", path: "/page", status: 200, body: page},
		{name: "identity only", path: "/page", accept: "identity", status: 200, body: page},
		{name: "structured JSON type", path: "/json", accept: "gzip", status: 200, encoding: "gzip"},
		{name: "small body", path: "/small", accept: "gzip", status: 200, body: "<p>hi</p>"},
		{name: "image", path: "/png", accept: "gzip", status: 200},
		{name: "already encoded", path: "/encoded", accept: "gzip", status: 200, encoding: "br", body: page},
		{name: "HEAD", method: "HEAD", path: "/page", accept: "gzip", status: 200},
		{name: "204", path: "/empty", accept: "gzip", status: 204},
		{name: "file", path: "/file", accept: "gzip", status: 200, encoding: "gzip", body: page},
		{name: "range", path: "/file", accept: "gzip", header: map[string]string{"Range": "bytes=3-9"}, status: 206, body: page[3:10]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.method == "" {
				tt.method = "GET"
			}
			req := httptest.NewRequest(tt.method, "http://example.com"+tt.path, nil)
			if tt.accept != "" {
				req.Header.Set("Accept-Encoding", tt.accept)
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			a.ServeHTTP(w, req)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d", w.Code, tt.status)
			}
			h := w.Header()
			if got := h.Get("Content-Encoding"); got != tt.encoding {
				t.Fatalf("Content-Encoding %q, want %q", got, tt.encoding)
			}
			if !strings.Contains(strings.Join(h.Values("Vary"), ","), "Accept-Encoding") {
				t.Errorf("Vary %q", h.Values("Vary"))
			}
			if tt.encoding == "gzip" || tt.encoding == "zstd" {
				if h.Get("Content-Length") != "" || h.Get("Accept-Ranges") != "" {
					t.Errorf("a compressed response kept Content-Length %q / Accept-Ranges %q", h.Get("Content-Length"), h.Get("Accept-Ranges"))
				}
				if w.Body.Len() >= len(page)/2 {
					t.Errorf("%d bytes compressed to %d", len(page), w.Body.Len())
				}
			}
			if tt.method == "HEAD" && h.Get("Content-Length") != fmt.Sprint(len(page)) {
				t.Errorf("HEAD: Content-Length %q", h.Get("Content-Length"))
			}
			got := decode(t, tt.encoding, w.Body.Bytes())
			if tt.body != "" && got != tt.body {
				t.Errorf("body (%d bytes decoded) differs from the original (%d)", len(got), len(tt.body))
			}
		})
	}
}

// decode decodes body as encoding says (gzip or zstd; anything else is
// returned as it is).
func decode(t *testing.T, encoding string, body []byte) string {
	t.Helper()
	switch encoding {
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		return string(b)
	case "zstd":
		zr, err := zstd.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("zstd: %v", err)
		}
		defer zr.Close()
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("zstd: %v", err)
		}
		return string(b)
	}
	return string(body)
}

func TestCompress_ETag(t *testing.T) {
	t.Parallel()
	a := newCompressApp(t)
	get := func(etag string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "http://example.com/file", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		w := httptest.NewRecorder()
		a.ServeHTTP(w, req)
		return w
	}
	w := get("")
	etag := w.Header().Get("Etag")
	if w.Header().Get("Content-Encoding") != "gzip" || !strings.HasPrefix(etag, `W/"`) {
		t.Fatalf("compressed file: encoding %q, ETag %q (want a weak one)", w.Header().Get("Content-Encoding"), etag)
	}
	if w := get(etag); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("If-None-Match %s: %d, %d bytes", etag, w.Code, w.Body.Len())
	}
	// Uncompressed, or encoded by the handler, the ETag stays strong.
	for _, path := range []string{"/file", "/encoded"} {
		req := httptest.NewRequest("GET", "http://example.com"+path, nil)
		if path == "/encoded" {
			req.Header.Set("Accept-Encoding", "gzip, br")
		}
		w = httptest.NewRecorder()
		a.ServeHTTP(w, req)
		if etag := w.Header().Get("Etag"); etag == "" || strings.HasPrefix(etag, "W/") {
			t.Errorf("%s: ETag %q", path, etag)
		}
	}
}

func TestCompress_Options(t *testing.T) {
	t.Parallel()
	get := func(a http.Handler, path, accept string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "http://example.com"+path, nil)
		req.Header.Set("Accept-Encoding", accept)
		w := httptest.NewRecorder()
		a.ServeHTTP(w, req)
		return w
	}
	if w := get(newCompressApp(t, framework.CompressMinSize(5)), "/small", "gzip"); w.Header().Get("Content-Encoding") != "gzip" ||
		decode(t, "gzip", w.Body.Bytes()) != "<p>hi</p>" {
		t.Errorf("min size 5: %q", w.Header().Get("Content-Encoding"))
	}
	if w := get(newCompressApp(t, framework.CompressEncodings("gzip")), "/page", "zstd, gzip"); w.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("gzip only: %q", w.Header().Get("Content-Encoding"))
	}
	a := newCompressApp(t, framework.CompressContentTypes("image/*"), framework.CompressLevel(9))
	if w := get(a, "/png", "gzip"); w.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("image/*: png %q", w.Header().Get("Content-Encoding"))
	}
	if w := get(a, "/page", "gzip"); w.Header().Get("Content-Encoding") != "" {
		t.Errorf("image/*: html %q", w.Header().Get("Content-Encoding"))
	}

	for _, tt := range []struct {
		name string
		opt  framework.CompressOption
		want string
	}{
		{"level", framework.CompressLevel(12), "gzip level 12"},
		{"encoding", framework.CompressEncodings("br"), `unknown encoding "br"`},
		{"no encoding", framework.CompressEncodings(), "no encodings"},
		{"min size", framework.CompressMinSize(-1), "negative"},
		{"content type", framework.CompressContentTypes("text"), `content type "text"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				p := recover()
				if s, _ := p.(string); !strings.HasPrefix(s, "framework: Compress: ") || !strings.Contains(s, tt.want) {
					t.Errorf("panic %v, want one about %q", p, tt.want)
				}
			}()
			framework.Compress(tt.opt)
		})
	}
}

// TestCompress_Stream checks that a compressed event stream reaches the
// client event by event: the second event is sent only once the client
// decoded the first.
func TestCompress_Stream(t *testing.T) {
	t.Parallel()
	a := framework.New(framework.Config{SecretKey: strings.Repeat("k", 40), AllowedHosts: []string{"*"}, NoRequestLog: true})
	a.Use(framework.Compress())
	got1 := make(chan struct{})
	a.Get("/events", func(r *framework.Request) framework.Response {
		return framework.Stream("text/event-stream", func(w io.Writer) error {
			io.WriteString(w, "data: one\n\n")
			select {
			case <-got1:
			case <-r.Context().Done():
				return r.Context().Err()
			}
			_, err := io.WriteString(w, "data: two\n\n")
			return err
		})
	})
	srv := httptest.NewServer(a)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a guard against a hang, not a measure
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/events", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatalf("gzip header not flushed: %v", err)
	}
	br := bufio.NewReader(zr)
	line, err := br.ReadString('\n')
	if err != nil || line != "data: one\n" {
		t.Fatalf("first event: %q, %v (not flushed?)", line, err)
	}
	close(got1)
	rest, err := io.ReadAll(br)
	if err != nil || string(rest) != "\ndata: two\n\n" {
		t.Errorf("rest: %q, %v", rest, err)
	}
}
