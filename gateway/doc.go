// Package gateway is goframe's application server, in Gunicorn's role: it
// serves any http.Handler with the controls operators know from Gunicorn
// (binds, backlog, worker connections, threads, request-head limits,
// timeouts, graceful stop, proxy trust, access logs), and checks HTTP/1.1
// strictly (RFC 9112) before the handler runs. It can also speak uwsgi and
// FastCGI to a web server such as nginx.
//
// It knows nothing of the framework: its input is an http.Handler and a
// Config. Settings are declared once, in the table Settings returns, which
// produces the command-line flags, the GOFRAME_* environment variables, the
// config-file keys and docs/settings.md.
//
// A program serves its handler with Main, which resolves the configuration,
// binds and serves until a signal stops it:
//
//	func main() {
//		os.Exit(gateway.Main(handler, os.Args[1:]))
//	}
//
// Programs that manage their own lifecycle use LoadConfig, ListenAll,
// NewServer, Server.Serve and Server.Shutdown.
package gateway
