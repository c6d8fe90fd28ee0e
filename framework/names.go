package framework

// Django's names for the CSRF token's cookie, form field and header, and
// for the session cookie; the test client and templates use the same.
const (
	// CSRFCookieName is the cookie holding the CSRF secret
	// (CSRF_COOKIE_NAME).
	CSRFCookieName = "csrftoken"
	// CSRFFieldName is the form field of the token that {% csrf_token %}
	// writes.
	CSRFFieldName = "csrfmiddlewaretoken"
	// CSRFHeaderName is the header AJAX clients send the token in
	// (CSRF_HEADER_NAME).
	CSRFHeaderName = "X-CSRFToken"
	// SessionCookieName is the default session cookie
	// (SESSION_COOKIE_NAME).
	SessionCookieName = "sessionid"
)
