// Package uwsgi serves http.Handlers over the uwsgi protocol, for nginx's
// uwsgi_pass.
//
// A front server (nginx's ngx_http_uwsgi_module, Apache's mod_proxy_uwsgi)
// sends each request as one uwsgi packet, modifier1 = 0 and modifier2 = 0,
// whose vars are CGI-style variables (REQUEST_METHOD, REQUEST_URI,
// SERVER_PROTOCOL, HTTP_*, CONTENT_TYPE, CONTENT_LENGTH, ...), followed by
// the request body, CONTENT_LENGTH bytes; it reads back a plain HTTP/1.x
// response. ReadRequest turns a packet into an *http.Request the way
// net/http builds one, Server runs a handler on it, and AppendPacket
// encodes packets for tests and small clients.
//
// # Connections and response framing
//
// A connection carries exactly one request. nginx's uwsgi module has no
// keepalive to its upstreams (unlike fastcgi_keep_conn or proxy's HTTP/1.1
// keepalive, there is no uwsgi_keep_conn), and it takes the end of the
// connection as the end of the response when no Content-Length is given.
// So the response is written as net/http would write it, with two
// differences: the body is never chunked, and the connection is closed
// after it. nginx's uwsgi module does not decode chunked upstream bodies:
// it would pass the chunk framing on to the client as data. Responses whose
// whole body fits 4 KiB and that the handler did not flush get a
// Content-Length; others are delimited by the close, which nginx passes on
// to its client with chunked encoding (HTTP/1.1) or a close (HTTP/1.0).
// When a handler panics after part of the response was sent, or sends
// fewer bytes than the Content-Length it declared, a TCP connection is
// reset instead of closed, so that nginx reports an upstream error rather
// than a short but complete-looking response (over Unix sockets a reset
// is not possible; declare a Content-Length when truncation matters).
//
// nginx buffers upstream responses by default (uwsgi_buffering on), so a
// handler's Flush reaches nginx at once but its client only when nginx's
// buffers fill or the response ends; streaming handlers (server-sent
// events) should set "X-Accel-Buffering: no", or the location
// "uwsgi_buffering off".
//
// Informational responses (1xx other than 101) are dropped: nginx would
// take them for the final status. Trailers and Transfer-Encoding set by the
// handler are dropped too. http.Hijacker is not supported.
//
// # Trust
//
// The request's RemoteAddr is the transport peer, the front server:
// "127.0.0.1:41234" over TCP, "unix:" and the socket path over a Unix
// socket. REMOTE_ADDR, REMOTE_PORT, HTTPS, REQUEST_SCHEME and every other
// var are kept in the request's context (see Vars) but never believed by
// this package, since anyone who can connect to the socket can write them.
// TrustVars applies them for peers the caller trusts. r.Host is HTTP_HOST
// as the front server sent it (Debian's uwsgi_params sends nginx's $host).
//
// # nginx configuration
//
//	location / {
//	    include uwsgi_params;          # REQUEST_URI, CONTENT_LENGTH, ...
//	    uwsgi_pass unix:/run/app.sock; # or 127.0.0.1:8001
//	}
//
// uwsgi_params is required: without CONTENT_LENGTH a request with a body
// is refused (400), and REQUEST_METHOD, REQUEST_URI and SERVER_PROTOCOL
// are mandatory. uwsgi_modifier1 and uwsgi_modifier2 must stay 0.
package uwsgi
