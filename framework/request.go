package framework

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/goframe/goframe/orm"
	"github.com/goframe/goframe/router"
)

// Size limits of request bodies the Request parses, as Django's
// DATA_UPLOAD_MAX_MEMORY_SIZE and FILE_UPLOAD_MAX_MEMORY_SIZE. A larger
// body is refused with 413.
const (
	// DefaultMaxFormBytes bounds an urlencoded form or a JSON body.
	DefaultMaxFormBytes = 2 << 20
	// DefaultMaxUploadBytes bounds a multipart body, files included.
	DefaultMaxUploadBytes = 32 << 20
	// DefaultMaxUploadMemory is how much of a multipart body is kept in
	// memory; the rest of its files go to temporary files.
	DefaultMaxUploadMemory = 2 << 20
)

// Request is what a view receives: the HTTP request with the framework's
// conveniences (typed path parameters, form and JSON parsing, the
// session, URL reversing, rendering).
type Request struct {
	// HTTP is the underlying request.
	HTTP *http.Request

	app      *App
	w        http.ResponseWriter
	query    url.Values
	form     url.Values
	formErr  error
	formDone bool
}

func newRequest(a *App, w http.ResponseWriter, req *http.Request) *Request {
	return &Request{HTTP: req, app: a, w: w}
}

// App returns the App serving the request.
func (r *Request) App() *App { return r.app }

// Context returns the request's context.
func (r *Request) Context() context.Context { return r.HTTP.Context() }

// ResponseWriter returns the response writer, for a view that writes the
// response itself (a hijack, a server-sent event stream); it then returns
// Written().
func (r *Request) ResponseWriter() http.ResponseWriter { return r.w }

// Method returns the request method.
func (r *Request) Method() string { return r.HTTP.Method }

// Path returns the request path, decoded.
func (r *Request) Path() string { return r.HTTP.URL.Path }

// Header returns the first value of the request header name.
func (r *Request) Header(name string) string { return r.HTTP.Header.Get(name) }

// Param returns the path parameter name, decoded ("" if the route has
// none of that name).
func (r *Request) Param(name string) string { return router.Param(r.HTTP, name) }

// PathInt returns an {name:int} path parameter; routing already checked
// that it is one.
func (r *Request) PathInt(name string) int64 { return router.ParamInt(r.HTTP, name) }

// Query returns the first value of the query parameter name.
func (r *Request) Query(name string) string { return r.QueryValues().Get(name) }

// QueryValues returns the parsed query string. Malformed pairs are
// skipped, as net/http does.
func (r *Request) QueryValues() url.Values {
	if r.query == nil {
		r.query = r.HTTP.URL.Query()
	}
	return r.query
}

// QueryInt returns the query parameter name as an integer, or def when it
// is missing or not an integer.
func (r *Request) QueryInt(name string, def int) int {
	if n, err := strconv.Atoi(strings.TrimSpace(r.Query(name))); err == nil {
		return n
	}
	return def
}

// Form parses the body of a POST, PUT or PATCH (urlencoded or multipart)
// and returns its fields (not the query's). A body over the limits
// (DefaultMaxFormBytes, DefaultMaxUploadBytes) is a *RequestError with
// status 413, a malformed one a *RequestError with status 400: return
// Error(err) and the client gets that status.
func (r *Request) Form() (url.Values, error) {
	if r.formDone {
		return r.form, r.formErr
	}
	r.formDone = true
	r.form, r.formErr = r.parseForm()
	if r.form == nil {
		r.form = url.Values{}
	}
	return r.form, r.formErr
}

func (r *Request) parseForm() (url.Values, error) {
	req := r.HTTP
	if req.Body == nil || req.Body == http.NoBody {
		return url.Values{}, nil
	}
	ct, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		req.Body = http.MaxBytesReader(r.w, req.Body, DefaultMaxUploadBytes)
		if err := req.ParseMultipartForm(DefaultMaxUploadMemory); err != nil {
			return nil, bodyError("multipart form", err)
		}
		return url.Values(req.MultipartForm.Value), nil
	case "application/x-www-form-urlencoded", "":
		if ct == "" && req.ContentLength == 0 {
			return url.Values{}, nil
		}
		req.Body = http.MaxBytesReader(r.w, req.Body, DefaultMaxFormBytes)
		if err := req.ParseForm(); err != nil {
			return nil, bodyError("form", err)
		}
		return req.PostForm, nil
	default:
		return url.Values{}, nil
	}
}

// FormValue returns the first value of the form field name ("" if the
// form is missing or malformed; use Form to see why).
func (r *Request) FormValue(name string) string {
	f, _ := r.Form()
	return f.Get(name)
}

// File returns the uploaded file of the multipart field name. A missing
// file is http.ErrMissingFile.
func (r *Request) File(name string) (*multipart.FileHeader, error) {
	files, err := r.Files(name)
	if err != nil {
		return nil, err
	}
	return files[0], nil
}

// Files returns every file uploaded in the multipart field name.
func (r *Request) Files(name string) ([]*multipart.FileHeader, error) {
	if _, err := r.Form(); err != nil {
		return nil, err
	}
	mf := r.HTTP.MultipartForm
	if mf == nil || len(mf.File[name]) == 0 {
		return nil, fmt.Errorf("framework: file %q: %w", name, http.ErrMissingFile)
	}
	return mf.File[name], nil
}

// Cookie returns the value of the cookie name, and whether it was sent.
func (r *Request) Cookie(name string) (string, bool) {
	c, err := r.HTTP.Cookie(name)
	if err != nil {
		return "", false
	}
	return c.Value, true
}

// ClientIP returns the client's address: the peer's, or the one the
// gateway took from a trusted proxy's headers (--forwarded-allow-ips).
func (r *Request) ClientIP() string {
	host, _, err := net.SplitHostPort(r.HTTP.RemoteAddr)
	if err != nil {
		return r.HTTP.RemoteAddr
	}
	return host
}

// Scheme returns "https" when the client used HTTPS (directly, or
// through a trusted proxy as the gateway established), else "http".
func (r *Request) Scheme() string {
	if isHTTPS(r.HTTP) {
		return "https"
	}
	return "http"
}

// IsSecure reports whether the client used HTTPS.
func (r *Request) IsSecure() bool { return isHTTPS(r.HTTP) }

// Host returns the Host the client asked for (with its port, if any).
func (r *Request) Host() string { return r.HTTP.Host }

// URL reverses a route name ("ns:name" in a namespace) with its path
// parameters; an unknown name or wrong arguments is an error.
func (r *Request) URL(name string, args ...any) (string, error) {
	return r.app.router.Reverse(name, args...)
}

// AbsoluteURL returns path (a path on this site, as URL returns) as an
// absolute URL with the request's scheme and host.
func (r *Request) AbsoluteURL(path string) string {
	return r.Scheme() + "://" + r.HTTP.Host + path
}

// DB returns the App's database.
func (r *Request) DB() *orm.DB { return r.app.DB() }

// Session returns the request's session (never nil inside an App).
func (r *Request) Session() *Session { return SessionFrom(r.HTTP.Context()) }

// User returns the authenticated user that auth middleware stored with
// WithUser, or nil.
func (r *Request) User() any { return r.HTTP.Context().Value(userKey{}) }

type userKey struct{}

// WithUser returns req with user as the request's user, for
// authentication middleware.
func WithUser(req *http.Request, user any) *http.Request {
	return req.WithContext(context.WithValue(req.Context(), userKey{}, user))
}

// RequestError is an error in what the client sent: its Status is the
// response's (400, 413, 415), its Message is safe to show the client.
type RequestError struct {
	Status  int
	Message string
	// Fields holds per-field messages (a JSON body that did not bind or
	// validate), keyed by the field's JSON name.
	Fields map[string]string
	Err    error
}

func (e *RequestError) Error() string {
	msg := e.Message
	if len(e.Fields) > 0 {
		var parts []string
		for _, k := range sortedKeys(e.Fields) {
			parts = append(parts, k+": "+e.Fields[k])
		}
		msg += " (" + strings.Join(parts, "; ") + ")"
	}
	return msg
}

func (e *RequestError) Unwrap() error { return e.Err }

// bodyError classifies an error reading a request body.
func bodyError(what string, err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &RequestError{Status: http.StatusRequestEntityTooLarge,
			Message: fmt.Sprintf("the %s is larger than %d bytes", what, mbe.Limit), Err: err}
	}
	return &RequestError{Status: http.StatusBadRequest, Message: fmt.Sprintf("malformed %s: %v", what, err), Err: err}
}
