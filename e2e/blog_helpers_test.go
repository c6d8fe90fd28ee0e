//go:build e2e

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The blog example (examples/blog) as its operator runs it: one binary,
// its database in the working directory, DEBUG off. The tests rely on
// the blog's URLs, messages and HTML as its specification gives them.

// blogBinary builds examples/blog once and returns its path.
func blogBinary(t *testing.T) string {
	return builtBinary(t, "blog", "github.com/goframe/goframe/examples/blog")
}

// blogEnv is the production environment of a blog whose database is
// db.sqlite3 in its working directory, with extra settings after it (the
// last of a name wins).
func blogEnv(extra ...string) []string {
	return append([]string{
		"DEBUG=0",
		"SECRET_KEY=" + strings.Repeat("blog-e2e-secret-", 4),
		"ALLOWED_HOSTS=127.0.0.1,localhost",
		"DATABASE_URL=sqlite:///db.sqlite3",
	}, extra...)
}

// runBlog runs the blog's management command args in dir with env and
// fails the test unless it succeeds.
func runBlog(t *testing.T, dir string, env []string, args ...string) cmdResult {
	t.Helper()
	r := runBinary(t, blogBinary(t), dir, env, args...)
	if r.code != 0 {
		t.Fatalf("blog %s: exit status %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

// startBlog migrates the blog's database in dir, then runs `blog serve
// args...` there and waits until it listens.
func startBlog(t *testing.T, dir string, env []string, args ...string) *proc {
	t.Helper()
	runBlog(t, dir, env, "migrate")
	if _, err := os.Stat(filepath.Join(dir, "db.sqlite3")); err != nil {
		t.Fatalf("blog migrate made no db.sqlite3 in its working directory: %v", err)
	}
	cmd := exec.Command(blogBinary(t), append([]string{"serve"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	return startCmd(t, cmd)
}

// stylesheetRE finds the layout's stylesheet link.
var stylesheetRE = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"`)
