//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// A deployment as docs/gateway.md describes it: Debian's nginx in front,
// serving the collected static files itself and proxying the rest to the
// gateway on a unix socket. The site's configuration is the one a
// project ships (examples/blog/deploy/nginx.conf), adapted to a private
// nginx by replacing its documented paths.

// The values a project's site configuration is written with, which the
// test replaces by its own.
const (
	deploySocket     = "/run/blog/blog.sock"    // the gateway's socket, in `server unix:...`
	deployStaticRoot = "/srv/blog/staticfiles/" // STATIC_ROOT, in `alias ...`
)

// deployLogFormat is the gateway's access log format in the deployment
// tests: the client's address and scheme as the app saw them, the
// request line and the status.
const deployLogFormat = `%(h)s %({wsgi.url_scheme}e)s "%(r)s" %(s)s`

// clientIP is the address the tests' HTTP clients connect to nginx from:
// a loopback address other than 127.0.0.1, so that the app's access log
// shows it only if the app believed nginx's X-Forwarded-For.
const clientIP = "127.0.0.2"

// spoofedIP is an address a client puts in its own X-Forwarded-For; the
// app must not believe it, since only nginx is trusted.
const spoofedIP = "203.0.113.9"

// front is a private nginx in front of an app on a unix socket. It
// listens on two ports: on port it passes the scheme it was asked with
// ($scheme, http), on httpsPort it says https, as it does when it
// terminates TLS.
type front struct {
	t               *testing.T
	port, httpsPort int
	appLog          string // the gateway's access log
	nginxLog        string // nginx's access log
}

// siteRE* find the directives of a site configuration the test rewrites.
var (
	siteListenRE     = regexp.MustCompile(`(?m)^[ \t]*listen[ \t][^;]*;[^\n]*\n?`)
	siteServerNameRE = regexp.MustCompile(`(?m)\bserver_name[ \t][^;]*;`)
	siteLogRE        = regexp.MustCompile(`(?m)\b(access_log|error_log)[ \t][^;]*;`)
	siteProtoRE      = regexp.MustCompile(`(proxy_set_header\s+X-Forwarded-Proto\s+)\$scheme\b`)
	siteForRE        = regexp.MustCompile(`proxy_set_header\s+X-Forwarded-For\s+\$proxy_add_x_forwarded_for\b`)
	siteHostRE       = regexp.MustCompile(`proxy_set_header\s+Host\s`)
)

// adaptSite rewrites a production site configuration for a private
// nginx: the socket and static root become sock and static, the listen
// directives become port and httpsPort on 127.0.0.1, server_name any,
// logs go to dir, and the X-Forwarded-Proto it passes comes from
// $e2e_scheme (https on httpsPort). A configuration without those
// documented values is an error saying which is missing.
func adaptSite(site, sock, static, dir string, port, httpsPort int) (string, error) {
	for _, want := range []string{"unix:" + deploySocket, deployStaticRoot} {
		if !strings.Contains(site, want) {
			return "", fmt.Errorf("the site configuration does not contain %q", want)
		}
	}
	for _, want := range []*regexp.Regexp{siteProtoRE, siteForRE, siteHostRE} {
		if !want.MatchString(site) {
			return "", fmt.Errorf("the site configuration does not set the header nginx must pass (no match for %s)", want)
		}
	}
	site = strings.ReplaceAll(site, deploySocket, sock)
	site = strings.ReplaceAll(site, deployStaticRoot, static+"/")
	site = siteProtoRE.ReplaceAllString(site, "${1}$$e2e_scheme")
	first := true
	site = siteListenRE.ReplaceAllStringFunc(site, func(string) string {
		if !first {
			return ""
		}
		first = false
		return fmt.Sprintf("\tlisten 127.0.0.1:%d;\n\tlisten 127.0.0.1:%d;\n", port, httpsPort)
	})
	if first {
		return "", fmt.Errorf("the site configuration has no listen directive")
	}
	site = siteServerNameRE.ReplaceAllString(site, "server_name 127.0.0.1 localhost;")
	site = siteLogRE.ReplaceAllStringFunc(site, func(d string) string {
		name, _, _ := strings.Cut(d, " ")
		return fmt.Sprintf("%s %s/site-%s.log;", name, dir, name)
	})
	return site, nil
}

// startFront starts nginx with the site configuration site (adapted by
// adaptSite) in front of the app listening on sock, whose access log is
// appLog. Its logs are reported if the test fails.
func startFront(t *testing.T, site, sock, static, appLog string) *front {
	t.Helper()
	nginx := need(t, "nginx", "/usr/sbin/nginx")
	mime := need(t, "/etc/nginx/mime.types (package nginx-common)", "/etc/nginx/mime.types")
	dir := t.TempDir()
	f := &front{t: t, port: freePort(t), httpsPort: freePort(t), appLog: appLog, nginxLog: filepath.Join(dir, "access.log")}
	site, err := adaptSite(site, sock, static, dir, f.port, f.httpsPort)
	if err != nil {
		t.Fatal(err)
	}
	conf := fmt.Sprintf(`
daemon off;
master_process off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log info;
events { worker_connections 64; }
http {
	include %[2]s;
	default_type application/octet-stream;
	access_log %[1]s/access.log;
	client_body_temp_path %[1]s/body;
	proxy_temp_path %[1]s/proxy;
	fastcgi_temp_path %[1]s/fastcgi;
	uwsgi_temp_path %[1]s/uwsgi;
	scgi_temp_path %[1]s/scgi;
	map $server_port $e2e_scheme {
		%[3]d https;
		default $scheme;
	}
%[4]s
}
`, dir, mime, f.httpsPort, site)
	startNginx(t, nginx, dir, conf, func() string {
		access, _ := os.ReadFile(f.nginxLog)
		app, _ := os.ReadFile(appLog)
		return fmt.Sprintf("nginx access.log:\n%s\nthe app's access log:\n%s", access, app)
	})
	waitDial(t, "tcp", fmt.Sprintf("127.0.0.1:%d", f.port))
	waitDial(t, "tcp", fmt.Sprintf("127.0.0.1:%d", f.httpsPort))
	return f
}

// client is an HTTP client that reaches nginx on port from clientIP,
// whatever the URL's host and port: the tests write URLs as the site's
// visitors do (http://127.0.0.1/path, as if nginx listened on port 80),
// so that the Host and Origin headers are those of a real deployment.
// It does not follow redirects; jar may be nil.
func (f *front) client(port int, jar http.CookieJar) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(clientIP)}}
	return &http.Client{
		Jar:     jar,
		Timeout: 30 * time.Second,
		Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, "tcp", fmt.Sprintf("127.0.0.1:%d", port))
		}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// siteURL is the URL of path on the site as its visitors write it.
const siteURL = "http://127.0.0.1"

// do sends a request to path through c — a form if form is not nil —
// with the headers hdr, and returns the response and its body.
func (f *front) do(c *http.Client, method, path string, form url.Values, hdr http.Header) (*http.Response, string) {
	f.t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequest(method, siteURL+path, body)
	if err != nil {
		f.t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		f.t.Fatalf("%s %s through nginx: %v", method, path, err)
	}
	defer resp.Body.Close()
	return resp, readAll(f.t, resp.Body)
}

// logged waits until the app's access log has a line containing s, and
// returns the whole log.
func (f *front) logged(s string) string {
	f.t.Helper()
	var log string
	waitUntil(f.t, 10*time.Second, fmt.Sprintf("a line with %q in the app's access log", s), func() bool {
		b, _ := os.ReadFile(f.appLog)
		log = string(b)
		return strings.Contains(log, s)
	})
	return log
}

// nginxLogged waits until nginx's access log has a line containing s.
func (f *front) nginxLogged(s string) {
	f.t.Helper()
	waitUntil(f.t, 10*time.Second, fmt.Sprintf("a line with %q in nginx's access log", s), func() bool {
		b, _ := os.ReadFile(f.nginxLog)
		return strings.Contains(string(b), s)
	})
}

// csrfToken is the CSRF token of the form in page.
func csrfToken(t *testing.T, page string) string {
	t.Helper()
	m := csrfFieldRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the page has no form with a CSRF token:\n%s", page)
	}
	return m[1]
}

// cookie is the cookie name that resp sets, or nil.
func cookie(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// redirectPath is the path a redirect response sends to, or "" if resp
// is not a redirect (302 or 303).
func redirectPath(resp *http.Response) string {
	if resp.StatusCode != http.StatusFound && resp.StatusCode != http.StatusSeeOther {
		return ""
	}
	u, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		return ""
	}
	return u.Path
}

// startNginx runs nginx (the binary at path) with conf as its nginx.conf
// in dir, its prefix, until t ends; if t failed, it logs the
// configuration, nginx's output and error.log, and what more() adds.
func startNginx(t *testing.T, path, dir, conf string, more func() string) {
	t.Helper()
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, "-p", dir, "-c", confPath, "-e", filepath.Join(dir, "error.log"))
	out := &syncBuf{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			errLog, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			extra := ""
			if more != nil {
				extra = more()
			}
			t.Logf("nginx.conf:\n%s\nnginx output:\n%s\nnginx error.log:\n%s\n%s", conf, out.String(), errLog, extra)
		}
	})
}
