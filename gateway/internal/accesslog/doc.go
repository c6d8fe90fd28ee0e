// Package accesslog formats access log lines with Gunicorn's atoms, or as JSON lines.
//
// A Format is Gunicorn's access_log_format, compiled once by Compile and
// rendered per request by Format.Append into a caller's buffer. The default
// is Gunicorn's (DefaultFormat):
//
//	%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"
//
// which renders as
//
//	203.0.113.7 - alice [10/Oct/2000:13:55:36 -0700] "GET /a?b=c HTTP/1.1" 200 2326 "https://ref.example/" "curl/8.0"
//
// # Atoms
//
//	h       remote address (the client's IP, after proxy rewriting), '-' if unknown
//	l       '-'
//	u       user name from Basic authorization, else '-'
//	t       date of the request (Entry.Start), [10/Oct/2000:13:55:36 -0700]
//	r       request line, "GET /path?q HTTP/1.1" (the request target as sent)
//	m       request method
//	U       URL path, decoded, without query string
//	q       raw query string ("" if none)
//	H       protocol, "HTTP/1.1"
//	s       status ('-' if Entry.Status is 0)
//	B       response body length in bytes ('-' if negative, i.e. unknown)
//	b       response body length, or '-' for 0 as in Apache's Common Log Format
//	f       Referer, or '-'
//	a       User-Agent, or '-'
//	T       request time in whole seconds
//	D       request time in microseconds
//	M       request time in milliseconds
//	L       request time in decimal seconds, "0.012345"
//	p       process ID, "<1234>"
//	{Name}i request header Name (several lines joined by ", "; Host is r.Host)
//	{Name}o response header Name
//	{name}e a variable of the request's CGI/WSGI environment (below)
//
// Atoms are written %(name)s. As in Gunicorn, whose format is Python's
// %-formatting over a dictionary (SafeAtoms), an unknown atom renders as
// '-', a header or variable that is absent renders as '-', names in braces
// are case-insensitive, and %% is a literal %. The conversion may be s, r, a,
// d, i or u, all of which render the value as text, optionally after a
// width ("%(s)5s", "%(h)-15s"), which pads with blanks as Python does.
//
// {name}e looks up, case-insensitively, the variable Gunicorn's WSGI
// environ would hold: REQUEST_METHOD, QUERY_STRING, RAW_URI, PATH_INFO,
// SCRIPT_NAME (""), SERVER_PROTOCOL, REMOTE_ADDR, REMOTE_PORT, SERVER_NAME,
// SERVER_PORT (from the Host), CONTENT_TYPE, CONTENT_LENGTH,
// wsgi.url_scheme and HTTP_* (the request header, "_" read as "-"). Any
// other name is read from the process environment once, when the format is
// compiled.
//
// # Escaping
//
// Every value taken from the request or response is escaped so that a
// client can neither end the line nor break out of the quotes around it:
// '"' becomes \" (as in Gunicorn) and '\' becomes \\; \n, \r and \t are
// written so; other control characters, C1 controls, U+2028, U+2029 and
// bytes that are not UTF-8 become \xHH, as in Apache. The format's own text
// is written as given.
//
// # JSON lines
//
// AppendJSON renders one JSON object per request instead, with these keys
// in this order (strings are "" when absent):
//
//	remote_addr  string  the client's IP, as h
//	time         string  Entry.Start in RFC 3339 with milliseconds
//	method       string  request method
//	path         string  URL path, as U
//	query        string  raw query string, as q
//	proto        string  protocol, as H
//	status       number  status
//	bytes        number  response body length (0 if unknown)
//	duration_ms  number  request time in milliseconds, 3 decimals
//	referer      string  Referer header
//	user_agent   string  User-Agent header
//	host         string  the request's Host
//	pid          number  process ID
//
// # Logger
//
// A Logger writes lines to a file (opened O_APPEND|O_CREATE|O_WRONLY, mode
// 0644), to standard output ("-"), or nowhere (""). Each line, with its
// newline, goes out in a single write(2), so workers appending to one file
// do not interleave. Reopen opens the path again, for log rotation on
// SIGUSR1.
package accesslog
