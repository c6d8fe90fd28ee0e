package framework

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Ctx is a template's render context.
type Ctx map[string]any

// Response is what a view returns: built by one of the constructors
// (HTML, Text, JSON, Redirect, File, NotFound, Error...) or
// Request.Render, adjusted with WithStatus, WithHeader and WithCookie, and
// written by the App. Its zero value is an empty 200.
type Response struct {
	status  int
	header  http.Header
	cookies []*http.Cookie

	body        []byte
	text        string // the body of Text and HTML, written without a copy
	isText      bool   // the body is text
	contentType string

	template string // Render: the template and its context
	ctx      Ctx

	redirectName string // RedirectTo: a route name and its arguments
	redirectArgs []any

	serve func(w http.ResponseWriter, r *Request) // files and streams
	err   error                                   // Error: a 500 (or the error's status)
	msg   string                                  // NotFound, Forbidden, BadRequest: the reason
	done  bool                                    // Written: the view wrote the response itself
}

// WithStatus returns the response with the status code set.
func (resp Response) WithStatus(code int) Response {
	resp.status = code
	return resp
}

// WithHeader returns the response with the header key set to value.
func (resp Response) WithHeader(key, value string) Response {
	h := make(http.Header, len(resp.header)+1)
	maps.Copy(h, resp.header)
	h.Set(key, value)
	resp.header = h
	return resp
}

// WithCookie returns the response with a Set-Cookie for c.
func (resp Response) WithCookie(c *http.Cookie) Response {
	resp.cookies = append(slices.Clip(resp.cookies), c)
	return resp
}

// WithoutCookie returns the response with a Set-Cookie that deletes the
// cookie name (path /).
func (resp Response) WithoutCookie(name string) Response {
	return resp.WithCookie(&http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0)})
}

// Status returns the response's status code (200 unless set).
func (resp Response) Status() int {
	switch {
	case resp.status != 0:
		return resp.status
	case resp.err != nil:
		return errorStatus(resp.err)
	}
	return http.StatusOK
}

// Template returns the name of the template the response renders ("" if
// none), and Context its context.
func (resp Response) Template() string { return resp.template }

// Context returns the render context of a Render response.
func (resp Response) Context() Ctx { return resp.ctx }

// Err returns the error of an Error response.
func (resp Response) Err() error { return resp.err }

// HTML returns a text/html response.
func HTML(html string) Response {
	return Response{text: html, isText: true, contentType: "text/html; charset=utf-8"}
}

// Text returns a text/plain response.
func Text(text string) Response {
	return Response{text: text, isText: true, contentType: "text/plain; charset=utf-8"}
}

// Bytes returns a response of the given content type.
func Bytes(contentType string, b []byte) Response {
	return Response{body: b, contentType: contentType}
}

// JSON returns v encoded as JSON (application/json). A value that cannot
// be encoded is a 500 naming the reason.
func JSON(v any) Response {
	e := jsonEncoders.Get().(*jsonEncoder)
	defer e.put()
	if err := e.enc.Encode(v); err != nil { // json.Marshal's output and a newline
		return Error(fmt.Errorf("framework: JSON response: %w", err))
	}
	return Response{body: bytes.Clone(e.buf.Bytes()), contentType: "application/json"}
}

// jsonEncoder is an encoder with its buffer, reused across responses so
// that a JSON response costs one allocation of its own: its body.
type jsonEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

var jsonEncoders = sync.Pool{New: func() any {
	e := &jsonEncoder{}
	e.enc = json.NewEncoder(&e.buf)
	return e
}}

// put returns e to the pool, unless a large response grew its buffer.
func (e *jsonEncoder) put() {
	if e.buf.Cap() <= 64<<10 {
		e.buf.Reset()
		jsonEncoders.Put(e)
	}
}

// Redirect returns a redirect to url: 302 Found, or the status given
// (301, 303, 307, 308).
func Redirect(url string, status ...int) Response {
	code := http.StatusFound
	if len(status) > 0 {
		code = status[0]
	}
	return Response{status: code, header: http.Header{"Location": {url}}}
}

// RedirectTo returns a 302 redirect to the route name with its
// parameters. An unknown name or wrong arguments is a 500 naming them.
func RedirectTo(name string, args ...any) Response {
	return Response{status: http.StatusFound, redirectName: name, redirectArgs: args}
}

// NoContent returns an empty 204.
func NoContent() Response { return Response{status: http.StatusNoContent} }

// NotFound returns a 404, rendered as the App's 404 page; msg, if given,
// shows on the DEBUG page.
func NotFound(msg ...string) Response {
	return Response{status: http.StatusNotFound, msg: firstOr(msg, "")}
}

// Forbidden returns a 403, rendered as the App's 403 page.
func Forbidden(msg ...string) Response {
	return Response{status: http.StatusForbidden, msg: firstOr(msg, "")}
}

// BadRequest returns a 400 with msg, rendered as the App's 400 page.
func BadRequest(msg ...string) Response {
	return Response{status: http.StatusBadRequest, msg: firstOr(msg, "")}
}

// Error returns the response for err: a *RequestError gets its own status
// and message (a 400 with per-field errors for a JSON body, a 413 for a
// body too large); anything else is a 500 whose details show only on the
// DEBUG page, and is logged.
func Error(err error) Response {
	if err == nil {
		err = errors.New("framework: Error(nil)")
	}
	return Response{err: err}
}

// Written returns the response of a view that wrote the response itself
// through Request.ResponseWriter.
func Written() Response { return Response{done: true} }

// File returns the file at path, served by http.ServeContent: Range
// requests, If-Modified-Since and If-None-Match (with an ETag made from
// the size and modification time) are answered. A missing file is a 404.
func File(path string) Response {
	return Response{serve: func(w http.ResponseWriter, r *Request) {
		f, err := os.Open(path)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				r.app.renderError(w, r.HTTP, http.StatusNotFound, nil, "no file "+filepath.Base(path))
				return
			}
			r.app.renderError(w, r.HTTP, http.StatusInternalServerError, err, "")
			return
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil || fi.IsDir() {
			r.app.renderError(w, r.HTTP, http.StatusNotFound, nil, "not a file: "+filepath.Base(path))
			return
		}
		if w.Header().Get("Etag") == "" {
			w.Header().Set("Etag", fmt.Sprintf(`"%x-%x"`, fi.ModTime().UnixNano(), fi.Size()))
		}
		http.ServeContent(w, r.HTTP, fi.Name(), fi.ModTime(), f)
	}}
}

// Attachment returns the file at path as a download named name
// (Content-Disposition: attachment).
func Attachment(path, name string) Response {
	return File(path).WithHeader("Content-Disposition", contentDisposition(name))
}

// Content returns content served by http.ServeContent, as File does:
// name gives the content type by extension, modtime Last-Modified (zero
// for none); set an ETag with WithHeader for If-None-Match.
func Content(name string, modtime time.Time, content io.ReadSeeker) Response {
	return Response{serve: func(w http.ResponseWriter, r *Request) {
		http.ServeContent(w, r.HTTP, name, modtime, content)
	}}
}

// Stream returns a response whose body write produces, flushed as it
// goes when the connection allows. An error from write after the body
// began is logged and ends the response.
func Stream(contentType string, write func(w io.Writer) error) Response {
	return Response{serve: func(w http.ResponseWriter, r *Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.Header().Del("Content-Length")
		if err := write(flushWriter{w: w, rc: http.NewResponseController(w)}); err != nil {
			r.app.log.Error("stream response", "path", r.HTTP.URL.Path, "error", err)
			panic(http.ErrAbortHandler) // the client must see the response was cut
		}
	}}
}

type flushWriter struct {
	w  io.Writer
	rc *http.ResponseController
}

func (f flushWriter) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err == nil {
		f.rc.Flush()
	}
	return n, err
}

// write sends the response.
func (resp Response) write(w http.ResponseWriter, r *Request) {
	if resp.done {
		return
	}
	a := r.app
	if resp.err != nil {
		status := errorStatus(resp.err)
		var re *RequestError
		if errors.As(resp.err, &re) && wantsJSON(r.HTTP) {
			mergeHeader(resp.header, w.Header())
			writeCookies(w, resp.cookies)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			body := map[string]any{"error": re.Message}
			if len(re.Fields) > 0 {
				body["fields"] = re.Fields
			}
			json.NewEncoder(w).Encode(body)
			return
		}
		a.renderError(w, r.HTTP, status, resp.err, "")
		return
	}
	if resp.template != "" {
		body, err := a.render(r, resp.template, resp.ctx)
		if err != nil {
			a.renderError(w, r.HTTP, http.StatusInternalServerError, err, "")
			return
		}
		resp.body, resp.isText = body, false
		if resp.contentType == "" {
			resp.contentType = "text/html; charset=utf-8"
		}
	}
	if resp.redirectName != "" {
		u, err := a.router.Reverse(resp.redirectName, resp.redirectArgs...)
		if err != nil {
			a.renderError(w, r.HTTP, http.StatusInternalServerError, fmt.Errorf("framework: redirect: %w", err), "")
			return
		}
		resp.header = mergeHeader(resp.header, nil)
		resp.header.Set("Location", u)
	}
	status := resp.Status()
	if status >= 400 && !resp.hasBody() && resp.serve == nil {
		mergeHeader(resp.header, w.Header())
		writeCookies(w, resp.cookies)
		a.renderError(w, r.HTTP, status, nil, resp.msg)
		return
	}
	mergeHeader(resp.header, w.Header())
	writeCookies(w, resp.cookies)
	if resp.serve != nil {
		if resp.status != 0 && resp.status != http.StatusOK {
			w.WriteHeader(resp.status)
		}
		resp.serve(w, r)
		return
	}
	h := w.Header()
	if resp.contentType != "" && h.Get("Content-Type") == "" {
		if v, ok := sharedContentTypes[resp.contentType]; ok {
			h["Content-Type"] = v // no allocation
		} else {
			h.Set("Content-Type", resp.contentType)
		}
	}
	if status == http.StatusNoContent || status == http.StatusNotModified {
		w.WriteHeader(status)
		return
	}
	if h.Get("Location") != "" && !resp.hasBody() && r.HTTP.Method != http.MethodHead {
		// As http.Redirect: a short note for clients that do not follow.
		h.Set("Content-Type", "text/html; charset=utf-8")
		resp.body = []byte("<a href=\"" + htmlEscape(h.Get("Location")) + "\">" + http.StatusText(status) + "</a>.\n")
	}
	if n := resp.bodyLen(); r.HTTP.Method == http.MethodHead || n > 2048 {
		// net/http computes it for a small body written at once; a HEAD
		// response writes none, and a large one would be chunked.
		h.Set("Content-Length", strconv.Itoa(n))
	}
	w.WriteHeader(status)
	switch {
	case r.HTTP.Method == http.MethodHead:
	case resp.isText:
		io.WriteString(w, resp.text)
	default:
		w.Write(resp.body)
	}
}

// hasBody reports whether the view gave a body (an empty one counts).
func (resp *Response) hasBody() bool { return resp.body != nil || resp.isText }

// bodyLen is the body's length in bytes.
func (resp *Response) bodyLen() int {
	if resp.isText {
		return len(resp.text)
	}
	return len(resp.body)
}

// sharedContentTypes are the header values of the constructors' types,
// one slice each shared by every response (see setDefaultSlice).
var sharedContentTypes = map[string][]string{
	"text/html; charset=utf-8":  {"text/html; charset=utf-8"},
	"text/plain; charset=utf-8": {"text/plain; charset=utf-8"},
	"application/json":          {"application/json"},
}

// errorStatus is the status an error response gets.
func errorStatus(err error) int {
	var re *RequestError
	if errors.As(err, &re) && re.Status != 0 {
		return re.Status
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// mergeHeader copies src into dst (made if nil) and returns dst.
func mergeHeader(src, dst http.Header) http.Header {
	if dst == nil {
		dst = http.Header{}
	}
	for k, v := range src {
		dst[k] = v
	}
	return dst
}

func writeCookies(w http.ResponseWriter, cookies []*http.Cookie) {
	for _, c := range cookies {
		http.SetCookie(w, c)
	}
}

func wantsJSON(r *http.Request) bool {
	return bytes.Contains([]byte(r.Header.Get("Accept")), []byte("json")) ||
		bytes.Contains([]byte(r.Header.Get("Content-Type")), []byte("json"))
}

func firstOr(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}
