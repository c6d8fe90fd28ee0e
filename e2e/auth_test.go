//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// User accounts end to end: e2e/testdata/authapp, built as a user
// builds theirs, creates its auth_user table with makemigrations and
// migrate, gets a superuser from createsuperuser (piped, on a real
// terminal, and --noinput), and logs users in through the gateway.

// authApp builds the test application once and returns its path.
func authApp(t *testing.T) string {
	return builtBinary(t, "authapp", "github.com/goframe/goframe/e2e/testdata/authapp")
}

// runAuthApp runs a command of the app in dir with env and stdin, and
// waits for it.
func runAuthApp(t *testing.T, dir string, env []string, stdin string, args ...string) cmdResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, authApp(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%v did not end (killed):\nstdout:\n%s\nstderr:\n%s", args, out.String(), errb.String())
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return cmdResult{code, out.String(), errb.String()}
}

// migratedAuthApp returns a project directory whose database has the
// app's tables, made by its makemigrations and migrate.
func migratedAuthApp(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	r := runAuthApp(t, dir, appEnv(dir), "", "makemigrations")
	if r.code != 0 || !strings.Contains(r.stdout, "0001_initial.sql") {
		t.Fatalf("makemigrations: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	sql, err := os.ReadFile(filepath.Join(dir, "migrations", "0001_initial.sql"))
	if err != nil || !bytes.Contains(sql, []byte(`CREATE TABLE "auth_user"`)) {
		t.Fatalf("the initial migration does not create auth_user (%v):\n%s", err, sql)
	}
	if r := runAuthApp(t, dir, appEnv(dir), "", "migrate"); r.code != 0 {
		t.Fatalf("migrate: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	return dir
}

// TestAuth_Commands creates superusers and changes a password as a
// developer and a deployment script do.
func TestAuth_Commands(t *testing.T) {
	t.Parallel()
	dir := migratedAuthApp(t)
	steps := []struct {
		env            []string
		stdin          string
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{"GOFRAME_SUPERUSER_PASSWORD=deploy-time passphrase"}, "",
			[]string{"createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.com"},
			0, "Superuser created successfully.", ""},
		{[]string{"GOFRAME_SUPERUSER_PASSWORD=deploy-time passphrase"}, "",
			[]string{"createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.com"},
			1, "", "goframe: createsuperuser: --username \"admin\": That username is already taken."},
		{nil, "", []string{"createsuperuser", "--noinput", "--username", "root", "--email", "root@example.com"},
			2, "", "GOFRAME_SUPERUSER_PASSWORD is not set"},
		{nil, "admin\nbob\nbob@example.com\nbobs passphrase\nbobs passphrase\n", []string{"createsuperuser"},
			0, "Superuser created successfully.", "Error: That username is already taken."},
		{nil, "new passphrase\nnew passphrase\n", []string{"changepassword", "bob"},
			0, "Password changed successfully for user 'bob'", ""},
		{nil, "", []string{"changepassword", "nobody"}, 1, "", "goframe: changepassword: user 'nobody' does not exist"},
	}
	for _, s := range steps {
		r := runAuthApp(t, dir, appEnv(dir, s.env...), s.stdin, s.args...)
		name := strings.Join(s.args, " ")
		if r.code != s.code || !strings.Contains(r.stdout, s.stdout) || !strings.Contains(r.stderr, s.stderr) {
			t.Errorf("%s: exit status %d, want %d with %q on stdout and %q on stderr\nstdout:\n%s\nstderr:\n%s",
				name, r.code, s.code, s.stdout, s.stderr, r.stdout, r.stderr)
		}
	}

	// The accounts log in through the server.
	base := serveAuthApp(t, dir)
	for user, password := range map[string]string{"admin": "deploy-time passphrase", "bob": "new passphrase"} {
		b := newHTTPVisitor(t, base)
		b.login(user, password, "")
		if _, body := b.get("/"); !strings.Contains(body, "Logged in as "+user) {
			t.Errorf("%s's home page:\n%s", user, body)
		}
	}
}

// TestAuth_Terminal runs createsuperuser on a real terminal (a pty): the
// username is echoed as typed, the password is not; Ctrl-C at the
// password prompt cancels and leaves the terminal echoing.
func TestAuth_Terminal(t *testing.T) {
	t.Parallel()
	dir := migratedAuthApp(t)

	tty := startOnTerminal(t, dir, "createsuperuser")
	tty.expect("Username (leave blank")
	tty.send("ttyadmin\n")
	tty.expect("Email address: ")
	tty.send("tty@example.com\n")
	tty.expect("Password: ")
	tty.sendSecret("hidden tty passphrase\n")
	tty.expect("Password (again): ")
	tty.sendSecret("hidden tty passphrase\n")
	tty.expect("Superuser created successfully.")
	if code := tty.wait(); code != 0 {
		t.Errorf("exit status %d\n%s", code, tty.output())
	}
	if out := tty.output(); !strings.Contains(out, "ttyadmin") || strings.Contains(out, "hidden tty passphrase") {
		t.Errorf("the terminal shows (want the username, not the password):\n%s", out)
	}

	tty = startOnTerminal(t, dir, "createsuperuser")
	tty.expect("Username (leave blank")
	tty.send("another\n")
	tty.expect("Email address: ")
	tty.send("\n")
	tty.expect("Password: ")
	tty.sendSecret("\x03") // Ctrl-C
	tty.expect("operation cancelled: no superuser was created")
	if code := tty.wait(); code != 1 {
		t.Errorf("exit status %d after Ctrl-C, want 1\n%s", code, tty.output())
	}
	if !tty.echoes() {
		t.Error("the terminal no longer echoes after Ctrl-C at the password prompt")
	}

	base := serveAuthApp(t, dir)
	b := newHTTPVisitor(t, base)
	b.login("ttyadmin", "hidden tty passphrase", "")
	if resp, body := b.get("/secret/"); resp.StatusCode != 200 || body != "the secret of ttyadmin" {
		t.Errorf("GET /secret/ as ttyadmin: %d %q", resp.StatusCode, body)
	}
}

// TestAuth_Serve logs in, follows next, and logs out through the
// gateway's workers, as a browser does.
func TestAuth_Serve(t *testing.T) {
	t.Parallel()
	dir := migratedAuthApp(t)
	if r := runAuthApp(t, dir, appEnv(dir, "GOFRAME_SUPERUSER_PASSWORD=correct horse battery"), "",
		"createsuperuser", "--noinput", "--username", "ada", "--email", "ada@example.com"); r.code != 0 {
		t.Fatalf("createsuperuser: %d\n%s", r.code, r.stderr)
	}
	base := serveAuthApp(t, dir)
	b := newHTTPVisitor(t, base)

	if _, body := b.get("/"); !strings.Contains(body, `<a href="/login/">Log in</a>`) {
		t.Errorf("home page, anonymous:\n%s", body)
	}
	resp, _ := b.get("/secret/?tab=a%20b")
	if want := "/login/?next=/secret/%3Ftab%3Da%2520b"; resp.StatusCode != 302 || resp.Header.Get("Location") != want {
		t.Fatalf("GET /secret/ anonymously: %d to %q, want 302 to %q", resp.StatusCode, resp.Header.Get("Location"), want)
	}
	if body := b.postLogin("ada", "wrong", "/secret/?tab=a%20b"); !strings.Contains(body, "Incorrect password.") {
		t.Errorf("a wrong password:\n%s", body)
	}
	to := b.login("ada", "correct horse battery", "/secret/?tab=a%20b")
	if to != "/secret/?tab=a%20b" {
		t.Errorf("after the login, redirected to %q, want the page asked for", to)
	}
	if resp, body := b.get(to); resp.StatusCode != 200 || body != "the secret of ada" {
		t.Errorf("GET %s: %d %q", to, resp.StatusCode, body)
	}
	_, home := b.get("/")
	if !strings.Contains(home, "Logged in as ada") {
		t.Fatalf("home page, logged in:\n%s", home)
	}
	if resp := b.post("/logout/", url.Values{"csrfmiddlewaretoken": {csrfToken(t, home)}}); resp.StatusCode != 302 {
		t.Errorf("POST /logout/: %d", resp.StatusCode)
	}
	if resp, _ := b.get("/secret/"); resp.StatusCode != 302 {
		t.Errorf("GET /secret/ after logging out: %d, want 302", resp.StatusCode)
	}
}

// serveAuthApp serves the app of dir with two workers and returns its
// base URL.
func serveAuthApp(t *testing.T, dir string) string {
	t.Helper()
	authApp(t)
	p := startBinary(t, "authapp", appEnv(dir), "--bind", "127.0.0.1:0", "--workers", "2")
	return "http://" + p.addr()
}

// httpVisitor is an HTTP client with cookies that does not follow
// redirects.
type httpVisitor struct {
	t      *testing.T
	base   string
	client *http.Client
}

func newHTTPVisitor(t *testing.T, base string) *httpVisitor {
	jar, _ := cookiejar.New(nil)
	return &httpVisitor{t: t, base: base, client: &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *httpVisitor) get(path string) (*http.Response, string) {
	b.t.Helper()
	resp, err := b.client.Get(b.base + path)
	if err != nil {
		b.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	return resp, readAll(b.t, resp.Body)
}

// post sends a form as the site's own page does (Origin, Referer).
func (b *httpVisitor) post(path string, form url.Values) *http.Response {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.base)
	req.Header.Set("Referer", b.base+path)
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("POST %s: %v", path, err)
	}
	return resp
}

// postLogin fills the login form (the page's CSRF token included) and
// returns the response's body.
func (b *httpVisitor) postLogin(username, password, next string) string {
	b.t.Helper()
	_, page := b.get("/login/?next=" + url.QueryEscape(next))
	resp := b.post("/login/", url.Values{"username": {username}, "password": {password}, "next": {next},
		"csrfmiddlewaretoken": {csrfToken(b.t, page)}})
	defer resp.Body.Close()
	return readAll(b.t, resp.Body)
}

// login logs in and returns where the server redirected.
func (b *httpVisitor) login(username, password, next string) string {
	b.t.Helper()
	_, page := b.get("/login/?next=" + url.QueryEscape(next))
	resp := b.post("/login/", url.Values{"username": {username}, "password": {password}, "next": {next},
		"csrfmiddlewaretoken": {csrfToken(b.t, page)}})
	resp.Body.Close()
	if resp.StatusCode != 302 {
		b.t.Fatalf("login as %s: %d", username, resp.StatusCode)
	}
	return resp.Header.Get("Location")
}

// terminal is the app running a command on a pseudo-terminal.
type terminal struct {
	t      *testing.T
	master *os.File
	cmd    *exec.Cmd
	mu     sync.Mutex
	buf    bytes.Buffer
	done   chan error
}

// startOnTerminal runs the app's command args in dir with a new
// pseudo-terminal as its controlling terminal and standard streams.
func startOnTerminal(t *testing.T, dir string, args ...string) *terminal {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { master.Close() })
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlocking the pty: %v", err)
	}
	n, err := unix.IoctlGetUint32(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("the pty's number: %v", err)
	}
	slave, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer slave.Close()
	cmd := exec.Command(authApp(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), appEnv(dir, "USER=tester")...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty := &terminal{t: t, master: master, cmd: cmd, done: make(chan error, 1)}
	go func() {
		b := make([]byte, 4096)
		for {
			n, err := master.Read(b)
			tty.mu.Lock()
			tty.buf.Write(b[:n])
			tty.mu.Unlock()
			if err != nil {
				return // EIO once the program has gone
			}
		}
	}()
	go func() { tty.done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-tty.done
		tty.done <- nil
	})
	return tty
}

// output is what the terminal showed so far.
func (tty *terminal) output() string {
	tty.mu.Lock()
	defer tty.mu.Unlock()
	return tty.buf.String()
}

// expect waits until the terminal shows s.
func (tty *terminal) expect(s string) {
	tty.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(tty.output(), s) {
		if time.Now().After(deadline) {
			tty.t.Fatalf("the terminal never showed %q:\n%s", s, tty.output())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// send types s.
func (tty *terminal) send(s string) {
	tty.t.Helper()
	if _, err := io.WriteString(tty.master, s); err != nil {
		tty.t.Fatal(err)
	}
}

// sendSecret types s once the program has switched the terminal's echo
// off (it prints the prompt first).
func (tty *terminal) sendSecret(s string) {
	tty.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for tty.echoes() {
		if time.Now().After(deadline) {
			tty.t.Fatalf("the terminal still echoes at the password prompt:\n%s", tty.output())
		}
		time.Sleep(5 * time.Millisecond)
	}
	tty.send(s)
}

// echoes reports whether the terminal echoes what is typed (the master
// side reads the terminal's settings).
func (tty *terminal) echoes() bool {
	tty.t.Helper()
	termios, err := unix.IoctlGetTermios(int(tty.master.Fd()), unix.TCGETS)
	if err != nil {
		tty.t.Fatal(err)
	}
	return termios.Lflag&unix.ECHO != 0
}

// wait returns the program's exit status.
func (tty *terminal) wait() int {
	tty.t.Helper()
	select {
	case err := <-tty.done:
		tty.done <- err
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			tty.t.Fatal(err)
		}
		return 0
	case <-time.After(30 * time.Second):
		tty.t.Fatalf("the program did not end:\n%s", tty.output())
	}
	return -1
}
