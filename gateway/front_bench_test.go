package gateway

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/goframe/goframe/examples/hello/app"
)

// BenchmarkFront measures the gateway's per-request stages around a
// handler, without sockets: compare with BenchmarkFront/bare.
func BenchmarkFront(b *testing.B) {
	cfg, _ := LoadConfig([]string{"--log-level", "error"}, nil)
	srv, err := NewServer(cfg, app.Handler(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.RemoteAddr = "127.0.0.1:5555"
	for _, tc := range []struct {
		name string
		h    http.Handler
	}{{"bare", app.Handler()}, {"front", srv.Handler()}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			w := httptest.NewRecorder()
			for b.Loop() {
				w.Body.Reset()
				tc.h.ServeHTTP(w, req)
			}
		})
	}
}
