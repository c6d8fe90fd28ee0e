package framework

import (
	"log/slog"
	"net/http"
)

// PLACEHOLDER: the middleware helper replaces this file.

// RequestLogger logs each request.
func RequestLogger(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler { return next }
}
