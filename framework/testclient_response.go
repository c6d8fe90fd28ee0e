package framework

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// TestResponse is the App's answer to a TestClient request, with what
// the view rendered.
type TestResponse struct {
	// StatusCode is the response's status.
	StatusCode int
	// Header is the response's header.
	Header http.Header
	// Body is the response's body (empty for a HEAD).
	Body []byte
	// Request is the request sent (the last one when redirects were
	// followed), as the App received it.
	Request *http.Request
	// Rendered lists the templates rendered for the response (by Render
	// and RenderString), in order, with the contexts the view gave them.
	Rendered []Rendered
	// RedirectChain lists the redirects followed to get the response
	// (with TestClient.FollowRedirects), in order.
	RedirectChain []RedirectHop
}

// RedirectHop is a redirect the test client followed: the Location given
// and the status.
type RedirectHop struct {
	URL        string
	StatusCode int
}

// Text returns the body as a string.
func (r *TestResponse) Text() string { return string(r.Body) }

// JSON decodes the body, which must be JSON (by its Content-Type), into
// v.
func (r *TestResponse) JSON(v any) error {
	if ct := r.Header.Get("Content-Type"); !isJSONType(ct) {
		return fmt.Errorf("framework: test response: Content-Type %q is not JSON (status %d, body %.200q)", ct, r.StatusCode, r.Body)
	}
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("framework: test response: decoding the JSON body: %w", err)
	}
	return nil
}

// Cookies returns the cookies the response set (its Set-Cookie headers).
func (r *TestResponse) Cookies() []*http.Cookie {
	return (&http.Response{Header: r.Header}).Cookies()
}

// Location returns the Location header: where a redirect points.
func (r *TestResponse) Location() string { return r.Header.Get("Location") }

// Templates returns the names of the templates rendered, in order.
func (r *TestResponse) Templates() []string {
	names := make([]string, len(r.Rendered))
	for i, rd := range r.Rendered {
		names[i] = rd.Template
	}
	return names
}

// Context returns the value of key in the context of the last template
// rendered that has it (nil if none has), as Django's
// response.context[key]. The context is the view's: not the values the
// context processors add (request, csrf_token...).
func (r *TestResponse) Context(key string) any {
	for i := len(r.Rendered) - 1; i >= 0; i-- {
		if v, ok := r.Rendered[i].Context[key]; ok {
			return v
		}
	}
	return nil
}
