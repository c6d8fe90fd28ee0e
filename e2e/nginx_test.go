//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// echo mirrors examples/hello's /echo answer.
type echo struct {
	Method     string              `json:"method"`
	Path       string              `json:"path"`
	Query      string              `json:"query"`
	Scheme     string              `json:"scheme"`
	Host       string              `json:"host"`
	RemoteAddr string              `json:"remote_addr"`
	RemoteIP   string              `json:"remote_ip"`
	Proto      string              `json:"proto"`
	Headers    map[string][]string `json:"headers"`
	BodyLength int64               `json:"body_length"`
}

// TestNginx puts Debian's nginx in front of examples/hello three ways —
// proxy_pass to a unix socket, uwsgi_pass and fastcgi_pass — and checks
// that /echo reports the same request each way.
func TestNginx(t *testing.T) {
	nginx := need(t, "nginx", "/usr/sbin/nginx")
	dir := t.TempDir()
	socks := map[string]string{}
	for _, proto := range []string{"http", "uwsgi", "fastcgi"} {
		sock := filepath.Join(dir, proto+".sock")
		socks[proto] = sock
		startHello(t, nil, "--workers", "0", "--protocol", proto, "--bind", "unix:"+sock)
	}
	ports := map[string]int{"http": freePort(t), "uwsgi": freePort(t), "fastcgi": freePort(t)}
	for _, f := range []string{"uwsgi_params", "fastcgi_params"} {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	conf := fmt.Sprintf(`
daemon off;
master_process off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log info;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path %[1]s/body;
	proxy_temp_path %[1]s/proxy;
	fastcgi_temp_path %[1]s/fastcgi;
	uwsgi_temp_path %[1]s/uwsgi;
	scgi_temp_path %[1]s/scgi;
	server {
		listen 127.0.0.1:%[2]d;
		location / {
			proxy_pass http://unix:%[5]s;
			proxy_http_version 1.1;
			proxy_set_header Host $host; # as Debian's uwsgi_params and fastcgi_params
			proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
			proxy_set_header X-Forwarded-Proto $scheme;
		}
	}
	server {
		listen 127.0.0.1:%[3]d;
		location / {
			include %[1]s/uwsgi_params;
			uwsgi_pass unix:%[6]s;
		}
	}
	server {
		listen 127.0.0.1:%[4]d;
		location / {
			include %[1]s/fastcgi_params;
			fastcgi_pass unix:%[7]s;
		}
	}
}
`, dir, ports["http"], ports["uwsgi"], ports["fastcgi"], socks["http"], socks["uwsgi"], socks["fastcgi"])
	startNginx(t, nginx, dir, conf, nil)
	for _, p := range ports {
		waitDial(t, "tcp", fmt.Sprintf("127.0.0.1:%d", p))
	}

	do := func(t *testing.T, proto, method, target, body string) echo {
		t.Helper()
		req, err := http.NewRequest(method, fmt.Sprintf("http://127.0.0.1:%d%s", ports[proto], target), strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Host = "app.example:8080"
		req.Header.Set("X-Test", "one two")
		req.Header.Set("Content-Type", "text/plain")
		resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b := readAll(t, resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s via %s: status %d %q", method, proto, resp.StatusCode, b)
		}
		var e echo
		if err := json.Unmarshal([]byte(b), &e); err != nil {
			t.Fatalf("%s: %v in %q", proto, err, b)
		}
		return e
	}
	for _, tc := range []struct{ method, target, body string }{
		{"GET", "/echo?q=1&r=a%20b", ""},
		{"POST", "/echo", strings.Repeat("x", 100000)},
	} {
		t.Run(tc.method, func(t *testing.T) {
			got := map[string]echo{}
			for _, proto := range []string{"http", "uwsgi", "fastcgi"} {
				got[proto] = do(t, proto, tc.method, tc.target, tc.body)
			}
			ref := got["http"]
			if ref.RemoteIP != "127.0.0.1" || ref.Scheme != "http" || ref.Host != "app.example" ||
				ref.Method != tc.method || ref.BodyLength != int64(len(tc.body)) {
				t.Errorf("via proxy_pass: %+v", ref)
			}
			for _, proto := range []string{"uwsgi", "fastcgi"} {
				e := got[proto]
				same := e.Method == ref.Method && e.Path == ref.Path && e.Query == ref.Query && e.Scheme == ref.Scheme &&
					e.Host == ref.Host && e.RemoteIP == ref.RemoteIP && e.BodyLength == ref.BodyLength &&
					strings.Join(e.Headers["X-Test"], ",") == "one two" && strings.Join(e.Headers["Content-Type"], ",") == "text/plain"
				if !same {
					t.Errorf("via %s the handler saw another request:\n%s: %+v\nhttp: %+v", proto, proto, e, ref)
				}
			}
		})
	}
}
