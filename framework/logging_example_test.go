package framework_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/goframe/goframe/framework"
)

// RequestLogger around any handler: one line per request, without the
// query string. (An App logs its requests itself, to Config.Logger.)
func ExampleRequestLogger() {
	log := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" {
				return slog.Attr{} // vary from run to run
			}
			return a
		},
	}))
	h := framework.RequestID(framework.RequestLogger(log)(http.NotFoundHandler()))
	req := httptest.NewRequest("GET", "/missing?token=secret", nil)
	req.RemoteAddr = "203.0.113.9:4711"
	req.Header.Set(framework.RequestIDHeader, "abc123")
	h.ServeHTTP(httptest.NewRecorder(), req)
	// Output:
	// level=WARN msg=request method=GET path=/missing status=404 bytes=19 request_id=abc123 client_ip=203.0.113.9
}
