package framework

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// Django's reasons for refusing a request (CsrfViewMiddleware).
const (
	csrfReasonNoReferer        = "Referer checking failed - no Referer."
	csrfReasonBadReferer       = "Referer checking failed - %s does not match any trusted origins."
	csrfReasonMalformedReferer = "Referer checking failed - Referer is malformed."
	csrfReasonInsecureReferer  = "Referer checking failed - Referer is insecure while host is secure."
	csrfReasonBadOrigin        = "Origin checking failed - %s does not match any trusted origins."
	csrfReasonNoCookie         = "CSRF cookie not set."
	csrfReasonTokenMissing     = "CSRF token missing."
)

// CSRFError is why a request failed the CSRF check; Reason is Django's
// wording ("CSRF token missing.", "Origin checking failed - ... does not
// match any trusted origins.").
type CSRFError struct {
	Reason string
}

func (e *CSRFError) Error() string { return e.Reason }

func csrfReject(format string, args ...any) error {
	if len(args) > 0 {
		format = fmt.Sprintf(format, args...)
	}
	return &CSRFError{Reason: format}
}

// csrfCheck is Django's CsrfViewMiddleware.process_view: nil for a safe
// method (GET, HEAD, OPTIONS, TRACE); otherwise the Origin header, when
// sent, must be the request's own origin or a trusted one
// (Config.CSRFTrustedOrigins); over HTTPS without Origin, the Referer
// must be an HTTPS URL of this host or a trusted one; then the token —
// the form field CSRFFieldName of a POST, else the header CSRFHeaderName,
// masked or not — must carry the secret of the CSRF cookie. A refusal is
// a *CSRFError; a form body that cannot be read is the *RequestError
// (413, 400) the view would have got.
func (a *App) csrfCheck(req *http.Request) error {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return nil
	}
	if skip, _ := req.Context().Value(csrfSkipKey{}).(bool); skip {
		return nil
	}
	if origin, sent := req.Header["Origin"]; sent {
		if o := firstOr(origin, ""); !a.originTrusted(req, o) {
			return csrfReject(csrfReasonBadOrigin, o)
		}
	} else if isHTTPS(req) {
		if err := a.checkReferer(req); err != nil {
			return err
		}
	}
	return checkCSRFToken(req)
}

// originTrusted reports whether the Origin header names the request's own
// origin or a trusted one.
func (a *App) originTrusted(req *http.Request, origin string) bool {
	scheme, host, ok := splitOrigin(origin)
	if !ok {
		return false // "null", or garbage
	}
	own := "http"
	if isHTTPS(req) {
		own = "https"
	}
	if scheme == own && host == dropDefaultPort(own, hostLower(req.Host)) {
		return true
	}
	trusted, err := parseOriginPatterns(EnvCSRFTrustedOrigins, a.cfg.CSRFTrustedOrigins)
	if err != nil {
		return false // Validate refuses to run with it; never trust a typo
	}
	for _, p := range trusted {
		if p.matches(scheme, host) {
			return true
		}
	}
	return false
}

// checkReferer is Django's _check_referer, for HTTPS requests without
// Origin: the Referer must be an HTTPS URL of this host or of a trusted
// origin's host (any scheme listed: the Referer is HTTPS already).
func (a *App) checkReferer(req *http.Request) error {
	ref := req.Header.Get("Referer")
	if ref == "" {
		return csrfReject(csrfReasonNoReferer)
	}
	u, err := url.Parse(ref)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return csrfReject(csrfReasonMalformedReferer)
	}
	if u.Scheme != "https" {
		return csrfReject(csrfReasonInsecureReferer)
	}
	host := dropDefaultPort("https", hostLower(u.Host))
	if host == dropDefaultPort("https", hostLower(req.Host)) {
		return nil
	}
	trusted, _ := parseOriginPatterns(EnvCSRFTrustedOrigins, a.cfg.CSRFTrustedOrigins)
	for _, p := range trusted {
		if sameDomain(host, p.host) {
			return nil
		}
	}
	return csrfReject(csrfReasonBadReferer, ref)
}

func hostLower(h string) string { return strings.ToLower(h) }

// checkCSRFToken is Django's _check_token: the cookie's secret against
// the token of the form (POST) or the header.
func checkCSRFToken(req *http.Request) error {
	c, err := req.Cookie(CSRFCookieName)
	if err != nil {
		return csrfReject(csrfReasonNoCookie)
	}
	if reason := checkCSRFFormat(c.Value); reason != "" {
		return csrfReject("CSRF cookie " + reason + ".")
	}
	secret := c.Value
	if len(secret) == csrfTokenLength {
		secret = unmaskCSRFToken(secret)
	}

	token, source := "", "POST"
	if req.Method == http.MethodPost {
		form, err := csrfParseForm(req)
		if err != nil {
			return err
		}
		token = form.Get(CSRFFieldName)
	}
	if token == "" {
		vals, sent := req.Header[http.CanonicalHeaderKey(CSRFHeaderName)]
		if !sent {
			return csrfReject(csrfReasonTokenMissing)
		}
		token, source = firstOr(vals, ""), "the '"+CSRFHeaderName+"' HTTP header"
	}
	if reason := checkCSRFFormat(token); reason != "" {
		return csrfReject("CSRF token from " + source + " " + reason + ".")
	}
	if !csrfTokenMatches(token, secret) {
		return csrfReject("CSRF token from " + source + " incorrect.")
	}
	return nil
}

// csrfParseForm parses an urlencoded or multipart body as the Request
// does (same limits), into req.PostForm or req.MultipartForm, where the
// view's Request.Form (or an http.Handler's FormValue) finds it parsed.
// Other bodies are not read.
func csrfParseForm(req *http.Request) (url.Values, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return url.Values{}, nil
	}
	ct, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	switch ct {
	case "application/x-www-form-urlencoded":
		if req.PostForm == nil {
			req.Body = http.MaxBytesReader(nil, req.Body, DefaultMaxFormBytes)
			if err := req.ParseForm(); err != nil {
				return nil, bodyError("form", err)
			}
		}
		return req.PostForm, nil
	case "multipart/form-data":
		if req.MultipartForm == nil {
			req.Body = http.MaxBytesReader(nil, req.Body, DefaultMaxUploadBytes)
			if err := req.ParseMultipartForm(DefaultMaxUploadMemory); err != nil {
				return nil, bodyError("multipart form", err)
			}
		}
		return url.Values(req.MultipartForm.Value), nil
	}
	return url.Values{}, nil
}

// csrfFailure answers a request that failed the CSRF check: 403 with
// "CSRF verification failed. <reason>", which the DEBUG page shows with
// Django's advice (the error pages recognize the "CSRF" prefix) and the
// production page does not, and a warning in the log. A form body that
// could not be read gets its own status (413, 400).
func (a *App) csrfFailure(w http.ResponseWriter, req *http.Request, err error) {
	var re *RequestError
	if errors.As(err, &re) {
		a.renderError(w, req, re.Status, re, "")
		return
	}
	reason := err.Error()
	a.log.Warn("Forbidden (CSRF): "+reason, "reason", reason, "method", req.Method, "path", req.URL.Path,
		"request_id", RequestIDFrom(req.Context()))
	a.renderError(w, req, http.StatusForbidden, nil, "CSRF verification failed. "+reason)
}
