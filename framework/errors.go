package framework

import (
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"
)

// Error pages. Every error response of the App goes through renderError:
// the views' NotFound, Forbidden, BadRequest and Error responses, the
// router's 404 and 405, CSRF failures, template errors and panics (via
// recoverMiddleware). With Config.Debug the client gets the developer
// page (debugpage*.go), as Django's technical_500 and technical_404;
// without it, the project's "<status>.html" template or Django's plain
// default page (errors_pages.go).

// errorPage is one error response to write.
type errorPage struct {
	status int
	err    error  // the cause: logged for a 5xx, shown only on the DEBUG page
	msg    string // the view's reason (NotFound("..."), a CSRF failure)
	// routerMiss is set when the router matched no route: the DEBUG 404
	// then says the path matched none of the routes it lists.
	routerMiss bool
}

// renderError writes the error page for status: err is the cause (of a
// 500, logged with its stack; of a 400 or 413, a *RequestError whose
// Message the client sees), msg the view's reason, shown on the DEBUG
// page. It writes nothing once the response has begun (a view that
// wrote, then failed): recoverMiddleware tracks that for every request,
// and renderError then only logs. A HEAD request gets the headers only.
func (a *App) renderError(w http.ResponseWriter, r *http.Request, status int, err error, msg string) {
	a.writeError(w, r, errorPage{status: status, err: err, msg: msg})
}

// notFound answers a request no route matches (the router's NotFound).
func (a *App) notFound(w http.ResponseWriter, r *http.Request) {
	a.writeError(w, r, errorPage{status: http.StatusNotFound, routerMiss: true})
}

// methodNotAllowed answers a request whose path matches only routes of
// other methods; the router has set the Allow header.
func (a *App) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	a.writeError(w, r, errorPage{status: http.StatusMethodNotAllowed})
}

// writeError logs and writes e.
func (a *App) writeError(w http.ResponseWriter, r *http.Request, e errorPage) {
	if e.status < 400 || e.status > 599 {
		e.status = http.StatusInternalServerError
	}
	if e.status >= 500 && e.err != nil {
		a.logError(w, r, e)
	}
	st := responseStateFrom(r.Context())
	if st != nil && st.started {
		a.log.Error("framework: error page not sent: the response had already begun",
			"method", r.Method, "path", r.URL.Path, "request_id", requestID(w, r),
			"status", e.status, "sent_status", st.status)
		return
	}
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		if p == http.ErrAbortHandler {
			panic(p)
		}
		// A bug in an error page (or in a template's context processor)
		// must not hide the first error: log it and send the bare status.
		a.log.Error("framework: the error page failed", "method", r.Method, "path", r.URL.Path,
			"request_id", requestID(w, r), "status", e.status, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		if st == nil || !st.started {
			writeErrorBody(w, r, e.status, "text/plain; charset=utf-8", []byte(http.StatusText(e.status)+"\n"), true)
		}
	}()
	if a.cfg.Debug {
		body, contentType := a.debugPage(w, r, e)
		writeErrorBody(w, r, e.status, contentType, body, true)
		return
	}
	writeErrorBody(w, r, e.status, "text/html; charset=utf-8", a.productionPage(w, r, e), e.status >= 500)
}

// logError logs a server error with its cause and, for a panic, its
// stack.
func (a *App) logError(w http.ResponseWriter, r *http.Request, e errorPage) {
	args := []any{"method", r.Method, "path", r.URL.Path, "request_id", requestID(w, r),
		"status", e.status, "error", e.err.Error()}
	var pe *panicError
	if errors.As(e.err, &pe) {
		args = append(args, "stack", string(pe.stack))
	}
	a.log.Error("framework: server error", args...)
}

// requestID is the request's ID: from its context, or from the response
// header RequestID set (recoverMiddleware runs outside RequestID, so a
// panic's request may not carry it in its context).
func requestID(w http.ResponseWriter, r *http.Request) string {
	if id := RequestIDFrom(r.Context()); id != "" {
		return id
	}
	return w.Header().Get(RequestIDHeader)
}

// Headers that describe a body the view meant to send, not the error
// page that replaces it.
var bodyHeaders = []string{"Content-Length", "Content-Encoding", "Content-Disposition", "Content-Range",
	"Content-Language", "Accept-Ranges", "Etag", "Last-Modified", "Transfer-Encoding"}

// writeErrorBody writes an error page: the status, body and content
// type, with the view's body headers removed; noStore keeps caches from
// keeping it (DEBUG pages hold request details, a 5xx is transient).
func writeErrorBody(w http.ResponseWriter, r *http.Request, status int, contentType string, body []byte, noStore bool) {
	h := w.Header()
	for _, k := range bodyHeaders {
		h.Del(k)
	}
	h.Set("Content-Type", contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	if noStore {
		h.Set("Cache-Control", "no-store")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
