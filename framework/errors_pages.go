package framework

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/goframe/goframe/templates"
)

// productionPage is the error page without DEBUG: the project's
// template for the status ("404.html", "500.html", "403.html",
// "400.html", "405.html"; "403_csrf.html" first for a CSRF failure, as
// Django's CSRF_FAILURE_TEMPLATE_NAME), or Django's default page when
// there is none or it fails (logged). The error itself never shows; a
// *RequestError's Message (safe for the client by contract) and
// BadRequest's reason do.
func (a *App) productionPage(w http.ResponseWriter, r *http.Request, e errorPage) []byte {
	names := []string{fmt.Sprintf("%d.html", e.status)}
	csrf := e.status == http.StatusForbidden && isCSRFFailure(e.msg)
	if csrf {
		names = append([]string{"403_csrf.html"}, names...)
	}
	clientMsg := clientMessage(e)
	// The context: Django's request_path and exception (the view's
	// reason for a 4xx, never the error of a 5xx).
	ctx := Ctx{"request_path": r.URL.Path, "status": e.status}
	if e.status < 500 {
		ctx["exception"] = e.msg
		if clientMsg != "" {
			ctx["exception"] = clientMsg
		}
	}
	for _, name := range names {
		if body, ok := a.errorTemplate(w, r, name, e.status, ctx); ok {
			return body
		}
	}
	return defaultErrorPage(e.status, clientMsg, csrf)
}

// clientMessage is what the client may read about a 4xx without DEBUG:
// a *RequestError's Message, or BadRequest's reason.
func clientMessage(e errorPage) string {
	if e.status >= 500 {
		return ""
	}
	var re *RequestError
	if errors.As(e.err, &re) && re.Message != "" {
		return re.Message
	}
	if e.status == http.StatusBadRequest {
		return e.msg
	}
	return ""
}

// isCSRFFailure reports whether a 403's reason is the CSRF check's.
func isCSRFFailure(msg string) bool { return strings.HasPrefix(msg, "CSRF") }

// errorTemplate renders the project's error template name; ok is false
// when it does not exist or fails (logged). A 4xx renders with the
// context processors, as Django's RequestContext; a 5xx with the bare
// context, as Django's server_error, so that what failed in the view is
// not run again.
func (a *App) errorTemplate(w http.ResponseWriter, r *http.Request, name string, status int, ctx Ctx) (body []byte, ok bool) {
	fail := func(err error) {
		a.log.Error("framework: error page template failed; sent the default page",
			"template", name, "path", r.URL.Path, "request_id", requestID(w, r), "status", status, "error", err.Error())
	}
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			fail(fmt.Errorf("panic: %v\n%s", p, debug.Stack()))
			body, ok = nil, false
		}
	}()
	eng, err := a.Templates()
	if err != nil {
		fail(err)
		return nil, false
	}
	if _, err := eng.Get(name); err != nil {
		var te *templates.Error
		if errors.As(err, &te) && te.Kind == templates.KindNotExist && te.Missing == name {
			return nil, false // no such template: the default page, silently
		}
		fail(err)
		return nil, false
	}
	if status < 500 {
		body, err = a.render(newRequest(a, w, r), name, ctx)
	} else {
		vars := map[string]any{templates.StaticKey: a.static.url}
		for k, v := range ctx {
			vars[k] = v
		}
		var buf bytes.Buffer
		err = eng.Render(&buf, name, vars)
		body = buf.Bytes()
	}
	if err != nil {
		fail(err)
		return nil, false
	}
	return body, true
}

// defaultErrorPage is Django's page for a status when the project has no
// template for it (django.views.defaults.ERROR_PAGE_TEMPLATE).
func defaultErrorPage(status int, clientMsg string, csrf bool) []byte {
	var title, details string
	switch status {
	case http.StatusBadRequest:
		title = "Bad Request (400)"
	case http.StatusForbidden:
		title = "403 Forbidden"
		if csrf {
			// Django's CSRF failure page, without DEBUG.
			title = "Forbidden (403)"
			details = "CSRF verification failed. Request aborted."
		}
	case http.StatusNotFound:
		title = "Not Found"
		details = "The requested resource was not found on this server."
	case http.StatusInternalServerError:
		title = "Server Error (500)"
	default:
		title = fmt.Sprintf("%s (%d)", http.StatusText(status), status)
	}
	if clientMsg != "" {
		details = htmlEscape(clientMsg)
	}
	return []byte("<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>" + htmlEscape(title) +
		"</title>\n</head>\n<body>\n  <h1>" + htmlEscape(title) + "</h1><p>" + details + "</p>\n</body>\n</html>\n")
}
