//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDeployHarness proves the deployment harness without the blog:
// nginx, configured from a site file shaped as the blog's
// (testdata/deploy-nginx.conf), in front of e2e/testdata/frameworkapp
// on a unix socket, serves static files itself and passes the client's
// address and scheme, which the app believes.
func TestDeployHarness(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	runAppSteps(t, dir, []appStep{
		{args: []string{"makemigrations"}, stdout: []string{"0001_initial.sql"}},
		{args: []string{"migrate"}, stdout: []string{"Applying 0001_initial... OK"}},
	})
	static := filepath.Join(dir, "staticfiles")
	css := []byte("body { margin: 2em; }\n")
	os.MkdirAll(filepath.Join(static, "css"), 0o755)
	if err := os.WriteFile(filepath.Join(static, "css", "site.3c0ffee12345.css"), css, 0o644); err != nil {
		t.Fatal(err)
	}
	sock, appLog := filepath.Join(dir, "app.sock"), filepath.Join(dir, "access.log")
	frameworkApp(t)
	startBinary(t, "frameworkapp", appEnv(dir), "--bind", "unix:"+sock, "--workers", "2",
		"--access-logfile", appLog, "--access-logformat", deployLogFormat)
	site, err := os.ReadFile(filepath.Join("testdata", "deploy-nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	f := startFront(t, string(site), sock, static, appLog)

	checkStatic(t, f, "/static/css/site.3c0ffee12345.css", css)
	checkForwarded(t, f, "/notes/")

	// A form through nginx, as a browser on http://127.0.0.1 posts it.
	jar, _ := cookiejar.New(nil)
	c := f.client(f.port, jar)
	_, page := f.do(c, "GET", "/notes/", nil, nil)
	resp, _ := f.do(c, "POST", "/notes/", url.Values{"text": {"through nginx"}, "csrfmiddlewaretoken": {csrfToken(t, page)}},
		http.Header{"Origin": {siteURL}})
	if p := redirectPath(resp); p != "/notes/" {
		t.Errorf("posting a note through nginx: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, page := f.do(c, "GET", "/notes/", nil, nil); !strings.Contains(page, "<li>through nginx</li>") {
		t.Errorf("the note posted through nginx is not listed:\n%s", page)
	}
	// As a browser on https://127.0.0.1 posts it: the app knows the page
	// is HTTPS, so an http:// Origin is another site's.
	checkHTTPSForm(t, f, "/notes/", url.Values{"text": {"over https"}}, func(resp *http.Response) {
		if p := redirectPath(resp); p != "/notes/" {
			t.Errorf("posting a note over https: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
	checkClientAddress(t, f)
}

// TestBlog_Deploy deploys examples/blog as docs/deployment describes:
// collectstatic, the gateway on a unix socket, and nginx configured
// from the blog's own deploy/nginx.conf. nginx serves the hashed
// stylesheet itself; the blog sees its visitors' address and scheme
// through nginx's headers (the session cookie is Secure over https);
// and a visitor registers, logs in and writes a post through nginx.
func TestBlog_Deploy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	static := filepath.Join(dir, "staticfiles")
	sock, appLog := filepath.Join(dir, "blog.sock"), filepath.Join(dir, "access.log")
	env := blogEnv("STATIC_ROOT=" + static)
	runBlog(t, dir, env, "collectstatic", "--noinput")
	manifest := readStaticManifest(t, static)
	hashed, ok := manifest["css/style.css"]
	if !ok || !regexp.MustCompile(`^css/style\.[0-9a-f]{12}\.css$`).MatchString(hashed) {
		t.Fatalf("collectstatic's manifest names css/style.css %q (listed: %v); want css/style.HASH.css", hashed, ok)
	}
	css, err := os.ReadFile(filepath.Join(static, hashed))
	if err != nil {
		t.Fatalf("collectstatic did not write %s: %v", hashed, err)
	}
	// No --forwarded-allow-ips: the gateway believes the proxy headers of
	// a unix-socket peer (docs/gateway.md, Proxies), and its default list
	// (127.0.0.1,::1) does not include the clients' address, so a
	// client's own X-Forwarded-For does not count.
	startBlog(t, dir, env, "--bind", "unix:"+sock, "--workers", "2",
		"--access-logfile", appLog, "--access-logformat", deployLogFormat)
	site, err := os.ReadFile(filepath.Join("..", "examples", "blog", "deploy", "nginx.conf"))
	if err != nil {
		t.Fatalf("the blog's nginx configuration: %v", err)
	}
	f := startFront(t, string(site), sock, static, appLog)

	// The page links the hashed stylesheet, which nginx serves.
	jar, _ := cookiejar.New(nil)
	c := f.client(f.port, jar)
	resp, page := f.do(c, "GET", "/", nil, nil)
	m := stylesheetRE.FindStringSubmatch(page)
	if resp.StatusCode != 200 || m == nil || m[1] != "/static/"+hashed {
		t.Fatalf("the index through nginx: %d, stylesheet %q, want /static/%s:\n%s", resp.StatusCode, m, hashed, page)
	}
	checkStatic(t, f, m[1], css)
	checkForwarded(t, f, "/auth/login")

	// A visitor's journey through nginx.
	const user, password = "grace", "a long enough password"
	const title, body = "Deployed behind nginx", "Served through a unix socket."
	submit := func(path string, form url.Values) *http.Response {
		t.Helper()
		resp, page := f.do(c, "GET", path, nil, nil)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s through nginx: %d\n%s", path, resp.StatusCode, page)
		}
		form.Set("csrfmiddlewaretoken", csrfToken(t, page))
		resp, page = f.do(c, "POST", path, form, http.Header{"Origin": {siteURL}})
		if resp.StatusCode/100 != 3 {
			t.Fatalf("POST %s through nginx: %d, want a redirect\n%s", path, resp.StatusCode, page)
		}
		return resp
	}
	see := func(path string, want ...string) {
		t.Helper()
		resp, page := f.do(c, "GET", path, nil, nil)
		for _, w := range want {
			if resp.StatusCode != 200 || !strings.Contains(page, w) {
				t.Fatalf("GET %s through nginx: %d, the page lacks %q:\n%s", path, resp.StatusCode, w, page)
			}
		}
	}
	resp = submit("/auth/register", url.Values{"username": {user}, "password": {password}})
	if p := redirectPath(resp); p != "/auth/login" {
		t.Fatalf("registering led to %q, want /auth/login", resp.Header.Get("Location"))
	}
	see("/auth/login", "Registration successful. Please log in.")
	resp = submit("/auth/login", url.Values{"username": {user}, "password": {password}})
	if p := redirectPath(resp); p != "/" {
		t.Fatalf("logging in led to %q, want /", resp.Header.Get("Location"))
	}
	if s := cookie(resp, "sessionid"); s == nil || s.Secure || !s.HttpOnly {
		t.Errorf("the session cookie over http: %v, want HttpOnly and not Secure", s)
	}
	see("/", `<span class="user">`+user+`</span>`)
	resp = submit("/create", url.Values{"title": {title}, "body": {body}})
	post := redirectPath(resp)
	if !regexp.MustCompile(`^/[0-9]+/$`).MatchString(post) {
		t.Fatalf("creating a post led to %q, want /ID/", resp.Header.Get("Location"))
	}
	see(post, "Post created.", title, body)
	see("/", `<article class="post">`, title, "by "+user+" on ")

	// Logging in over https gives a Secure session cookie.
	checkHTTPSForm(t, f, "/auth/login", url.Values{"username": {user}, "password": {password}}, func(resp *http.Response) {
		if p := redirectPath(resp); p != "/" {
			t.Errorf("logging in over https: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		if s := cookie(resp, "sessionid"); s == nil || !s.Secure || !s.HttpOnly {
			t.Errorf("the session cookie over https: %v, want Secure and HttpOnly", s)
		}
	})
	checkClientAddress(t, f)
}

// checkStatic fetches href through nginx and checks that nginx served
// it — want's bytes, as CSS, cached forever (`expires max`) — and that
// the request never reached the app.
func checkStatic(t *testing.T, f *front, href string, want []byte) {
	t.Helper()
	resp, body := f.do(f.client(f.port, nil), "GET", href, nil, nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") || !bytes.Equal([]byte(body), want) {
		t.Errorf("GET %s through nginx: %d %q, %d bytes, want the %d bytes of the collected file as text/css",
			href, resp.StatusCode, resp.Header.Get("Content-Type"), len(body), len(want))
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "max-age=315360000" {
		t.Errorf("GET %s through nginx: Cache-Control %q, want nginx's `expires max`", href, cc)
	}
	f.nginxLogged(`"GET ` + href + ` HTTP/1.1" 200`)
	// A request after it, to the app: once it is logged, the stylesheet's
	// request would have been too, had nginx passed it on.
	f.do(f.client(f.port, nil), "GET", "/?after=static", nil, nil)
	if log := f.logged(`"GET /?after=static `); strings.Contains(log, "/static/") {
		t.Errorf("the app served static files that nginx should have; its access log:\n%s", log)
	}
}

// checkForwarded requests path, a page with a form, on both of nginx's
// ports with a forged X-Forwarded-For, and checks that the app saw the
// client's real address and the scheme nginx passed (its access log),
// and marks the CSRF cookie Secure only over https.
func checkForwarded(t *testing.T, f *front, path string) {
	t.Helper()
	for _, tc := range []struct {
		port   int
		scheme string
	}{{f.port, "http"}, {f.httpsPort, "https"}} {
		target := path + "?probe=" + tc.scheme
		resp, page := f.do(f.client(tc.port, nil), "GET", target, nil, http.Header{"X-Forwarded-For": {spoofedIP}})
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s through nginx (%s): %d\n%s", target, tc.scheme, resp.StatusCode, page)
		}
		if c := cookie(resp, "csrftoken"); c == nil || c.Secure != (tc.scheme == "https") {
			t.Errorf("GET %s through nginx (%s): CSRF cookie %v, want it Secure only over https", target, tc.scheme, c)
		}
		f.logged(fmt.Sprintf(`%s %s "GET %s `, clientIP, tc.scheme, target))
	}
}

// checkHTTPSForm posts form to path through nginx's https port as a
// browser on https://127.0.0.1 does (the page's CSRF token and cookie,
// its Origin), and gives the response to check; the same post with an
// http:// Origin must be refused (403), since the app knows the site is
// https.
func checkHTTPSForm(t *testing.T, f *front, path string, form url.Values, check func(*http.Response)) {
	t.Helper()
	for _, origin := range []string{"https://127.0.0.1", siteURL} {
		c := f.client(f.httpsPort, nil) // no jar: it would not send Secure cookies over http://
		resp, page := f.do(c, "GET", path, nil, nil)
		token := cookie(resp, "csrftoken")
		if resp.StatusCode != 200 || token == nil {
			t.Fatalf("GET %s over https: %d, CSRF cookie %v\n%s", path, resp.StatusCode, token, page)
		}
		vals := url.Values{"csrfmiddlewaretoken": {csrfToken(t, page)}}
		for k, v := range form {
			vals[k] = v
		}
		resp, page = f.do(c, "POST", path, vals, http.Header{"Origin": {origin}, "Cookie": {token.Name + "=" + token.Value}})
		if origin == siteURL {
			if resp.StatusCode != 403 {
				t.Errorf("POST %s over https with Origin %s: %d, want 403\n%s", path, origin, resp.StatusCode, page)
			}
			continue
		}
		check(resp)
	}
}

// checkClientAddress checks that every request the app logged came, as
// far as it knows, from the tests' clients — not from nginx, nor from
// the address a client forged.
func checkClientAddress(t *testing.T, f *front) {
	t.Helper()
	b, _ := os.ReadFile(f.appLog)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	for _, line := range lines {
		if !strings.HasPrefix(line, clientIP+" ") {
			t.Errorf("the app's access log shows a client other than %s:\n%s", clientIP, b)
			return
		}
	}
	if len(lines) < 5 {
		t.Errorf("the app's access log has %d lines:\n%s", len(lines), b)
	}
}

// readStaticManifest reads collectstatic's staticfiles.json in root: its
// paths, from a file's name to its hashed name.
func readStaticManifest(t *testing.T, root string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "staticfiles.json"))
	if err != nil {
		t.Fatalf("collectstatic wrote no manifest: %v", err)
	}
	var m struct {
		Paths map[string]string `json:"paths"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("staticfiles.json: %v\n%s", err, b)
	}
	return m.Paths
}
