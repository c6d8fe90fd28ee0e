//go:build e2e

package e2e

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBlog_FirstStart starts the blog as `make demo` does, in a directory
// with no database, DEBUG on and nothing else set: `serve` creates
// db.sqlite3, applies the migrations and logs them before it listens,
// and the blog answers. Started again, it finds nothing to apply.
func TestBlog_FirstStart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := []string{"DEBUG=1", "DATABASE_URL=sqlite:///db.sqlite3", "SECRET_KEY=", "ALLOWED_HOSTS="}
	start := func() *proc {
		t.Helper()
		cmd := exec.Command(blogBinary(t), "serve", "--bind", "127.0.0.1:0", "--workers", "1")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		return startCmd(t, cmd)
	}
	get := func(p *proc, path, want string) {
		t.Helper()
		resp, err := http.Get("http://" + p.addr() + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Fatalf("GET %s: %d, want 200 and %q:\n%s", path, resp.StatusCode, want, body)
		}
	}

	p := start()
	log := p.stderr.String()
	applied, listening := strings.Index(log, `msg="applied migration" name=0001_initial`), strings.Index(log, "msg=listening")
	if applied < 0 || applied > listening {
		t.Errorf("the first start did not log the migration applied before listening:\n%s", log)
	}
	if _, err := os.Stat(filepath.Join(dir, "db.sqlite3")); err != nil {
		t.Fatalf("the first start made no db.sqlite3 in its working directory: %v", err)
	}
	get(p, "/", "No posts yet.")
	get(p, "/auth/register", `<button type="submit">Register</button>`)
	p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("blog serve exited with status %d after SIGTERM:\n%s", code, p.stderr.String())
	}

	p = start()
	if log := p.stderr.String(); strings.Contains(log, "applied migration") {
		t.Errorf("the second start applied migrations again:\n%s", log)
	}
	get(p, "/", "No posts yet.")
}
