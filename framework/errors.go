package framework

import (
	"fmt"
	"net/http"
	"runtime/debug"
)

// PLACEHOLDER: the error pages helper replaces this file.

// renderError writes the error page for status: err is the cause of a
// 500 (logged), msg a reason for the DEBUG page.
func (a *App) renderError(w http.ResponseWriter, r *http.Request, status int, err error, msg string) {
	if err != nil && status >= 500 {
		a.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
	}
	text := http.StatusText(status)
	if a.cfg.Debug {
		if err != nil {
			text += ": " + err.Error()
		} else if msg != "" {
			text += ": " + msg
		}
	}
	http.Error(w, text, status)
}

func (a *App) notFound(w http.ResponseWriter, r *http.Request) {
	a.renderError(w, r, http.StatusNotFound, nil, "")
}

func (a *App) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	a.renderError(w, r, http.StatusMethodNotAllowed, nil, "")
}

func (a *App) recoverMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				a.renderError(w, r, http.StatusInternalServerError, fmt.Errorf("panic: %v\n%s", p, debug.Stack()), "")
			}
		}()
		next.ServeHTTP(w, r)
	})
}
