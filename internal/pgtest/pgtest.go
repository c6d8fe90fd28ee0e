// Package pgtest gives tests a real PostgreSQL server and an isolated,
// empty database on it per test.
//
// The server is the one GOFRAME_TEST_POSTGRES_URL names, when set (its
// user must be allowed to CREATE DATABASE, or else CREATE SCHEMA: the test
// then gets a schema of its own, set as its search_path). Otherwise the
// first test that asks starts a throwaway server for the whole test binary:
// initdb into a temporary directory, then postgres listening only on a
// unix socket in that directory, with durability turned off (fsync=off and
// the like) for speed. As root, the server runs as the "postgres" system
// user, since PostgreSQL refuses to run as root. TestMain stops it with
// Stop; should the test binary die first, the server gets SIGQUIT (its
// parent-death signal) and shuts down at once.
//
// Where no server can be had (Debian's postgresql not installed, no
// postgres user to run it as, a start that fails, an unreachable
// GOFRAME_TEST_POSTGRES_URL) the tests asking for one fail, naming why and
// what to do: tests never skip for want of PostgreSQL.
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		pgtest.Stop()
//		os.Exit(code)
//	}
//
//	func TestThing(t *testing.T) {
//		db, err := orm.Open(pgtest.URL(t))
//		...
//	}
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// EnvURL is the environment variable naming an existing server to test
// against instead of starting one: a postgres:// URL whose user may
// create databases (or at least schemas).
const EnvURL = "GOFRAME_TEST_POSTGRES_URL"

// help is what every "no server" failure tells the reader to do.
const help = "run `make deps` (scripts/install-deps.sh installs Debian's postgresql package), " +
	"or set " + EnvURL + "=postgres://user:password@host:5432/dbname?sslmode=disable to use an existing server"

// startTimeout bounds initdb plus the server's start.
const startTimeout = 60 * time.Second

var (
	mu      sync.Mutex
	srv     *server // the server, once started
	srvErr  error   // why there is none, once tried
	stopped bool
	seq     atomic.Int64
)

// server is a PostgreSQL server the tests use.
type server struct {
	admin   string      // URL of its maintenance database
	adminDB *sql.DB     // a connection to it, to create and drop test databases
	schemas atomic.Bool // CREATE DATABASE is not allowed: a schema per test instead
	create  string      // CREATE DATABASE's options

	// A throwaway server (nil cmd for GOFRAME_TEST_POSTGRES_URL's).
	cmd    *exec.Cmd
	exited chan struct{} // closed when the server process has exited
	dir    string        // its data, socket and log
	log    string        // its log file
}

// Start returns the URL of the test server's maintenance database,
// starting the throwaway server if this is the first call (and
// GOFRAME_TEST_POSTGRES_URL is not set). When no server can be had, it
// fails t with the reason. Tests want URL, which gives them a database of
// their own; Start is for tests of the server arrangement itself.
func Start(t testing.TB) string {
	t.Helper()
	s, err := get()
	if err != nil {
		t.Fatal(err)
	}
	return s.admin
}

// URL returns the URL of a new, empty database for t alone, dropped when
// t ends. Close what uses it before then, or in a t.Cleanup registered
// after URL returns (cleanups run last-registered first). When no server
// can be had, it fails t with the reason and what to do.
func URL(t testing.TB) string {
	t.Helper()
	u, err := NewURL(t)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// NewURL is URL returning the error instead of failing t, for callers
// that want to fail t but go on with work that needs no PostgreSQL.
// Callers must still fail t when it returns an error: a missing server is
// a failure, never a reason to skip.
func NewURL(t testing.TB) (string, error) {
	s, err := get()
	if err != nil {
		return "", err
	}
	return s.newURL(t)
}

// newURL creates t's database, or else schema, on s.
func (s *server) newURL(t testing.TB) (string, error) {
	name := dbName(t.Name())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if !s.schemas.Load() {
		_, err := s.adminDB.ExecContext(ctx, "CREATE DATABASE "+quote(name)+s.create)
		if err == nil {
			t.Cleanup(func() { s.drop("DATABASE " + quote(name) + " WITH (FORCE)") })
			return withPath(s.admin, name), nil
		}
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "42501" { // insufficient_privilege
			return "", fmt.Errorf("pgtest: creating the test database %s on %s: %w", name, redact(s.admin), err)
		}
		s.schemas.Store(true)
	}
	if _, err := s.adminDB.ExecContext(ctx, "CREATE SCHEMA "+quote(name)); err != nil {
		return "", fmt.Errorf("pgtest: %s may create neither databases nor schemas (creating schema %s): %w", redact(s.admin), name, err)
	}
	t.Cleanup(func() { s.drop("SCHEMA " + quote(name) + " CASCADE") })
	return withParam(s.admin, "search_path", name), nil
}

// Stop stops the throwaway server, if one was started, and removes its
// directory. TestMain calls it after m.Run; later calls to URL fail.
func Stop() {
	mu.Lock()
	defer mu.Unlock()
	stopped = true
	if srv == nil {
		return
	}
	srv.stop()
	srv = nil
}

// get returns the server, starting it on the first call.
func get() (*server, error) {
	mu.Lock()
	defer mu.Unlock()
	if stopped {
		return nil, errors.New("pgtest: the test PostgreSQL server was stopped (pgtest.Stop) before the test asked for it")
	}
	if srv == nil && srvErr == nil {
		if u := os.Getenv(EnvURL); u != "" {
			srv, srvErr = external(u)
		} else {
			srv, srvErr = startLocal()
		}
	}
	return srv, srvErr
}

// external connects to GOFRAME_TEST_POSTGRES_URL's server.
func external(rawURL string) (*server, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("pgtest: %s=%s: %s", EnvURL, redact(rawURL), fmt.Sprintf(format, args...))
	}
	if !strings.HasPrefix(rawURL, "postgres://") && !strings.HasPrefix(rawURL, "postgresql://") {
		return nil, fail("want a postgres://user:password@host:port/dbname URL")
	}
	db, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, fail("%v", err)
	}
	db.SetMaxOpenConns(2)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fail("cannot connect: %v (unset it to have the tests start their own server)", err)
	}
	return &server{admin: rawURL, adminDB: db}, nil
}

// startLocal starts a throwaway server.
func startLocal() (s *server, err error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("pgtest: cannot start a PostgreSQL server for the tests: %s; %s", fmt.Sprintf(format, args...), help)
	}
	bin, err := binDir()
	if err != nil {
		return nil, fail("%v", err)
	}
	// PostgreSQL refuses to run as root: run it as the postgres system
	// user the Debian package creates.
	var cred *syscall.Credential
	uid, gid := -1, -1
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fail("running as root, which PostgreSQL refuses, and there is no \"postgres\" system user to run it as (%v)", err)
		}
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	base := baseDir(cred != nil)
	removeStale(base)
	dir, err := os.MkdirTemp(base, dirPrefix)
	if err != nil {
		return nil, fail("%v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, fail("%v", err)
	}
	s = &server{dir: dir, log: filepath.Join(dir, "postgres.log"), exited: make(chan struct{})}
	defer func() {
		if err != nil {
			s.stop()
		}
	}()
	if cred != nil {
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, fail("giving %s to the postgres user: %v", dir, err)
		}
	}
	env := childEnv()

	data := filepath.Join(dir, "data")
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	initdb := exec.CommandContext(ctx, filepath.Join(bin, "initdb"),
		"-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync",
		"--wal-segsize=1") // MB: a few small WAL files instead of 16 MB ones
	initdb.Env = env
	initdb.Dir = dir
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		who := ""
		if cred != nil {
			who = " as the postgres user"
		}
		return nil, fail("%s%s: %v\n%s", initdb, who, err, tail(string(out), 20))
	}

	logf, err := os.OpenFile(s.log, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fail("%v", err)
	}
	defer logf.Close()
	s.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-k", dir,
		"-c", "listen_addresses=", // the unix socket in dir only: no port to collide on
		"-c", "fsync=off",
		"-c", "synchronous_commit=off",
		"-c", "full_page_writes=off",
		"-c", "wal_level=minimal",
		"-c", "max_wal_senders=0",
		"-c", "autovacuum=off",
		"-c", "jit=off",
		"-c", "shared_buffers=32MB",
		"-c", "max_connections=200",
		"-c", "checkpoint_timeout=1h",
		"-c", "min_wal_size=4MB",
		"-c", "max_wal_size=256MB",
	)
	s.cmd.Env = env
	s.cmd.Dir = dir
	s.cmd.Stdout, s.cmd.Stderr = logf, logf // never the test's own output: go test would wait for the server
	s.cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: cred,
		Setpgid:    true,            // Ctrl-C is for the tests; Stop shuts the server down
		Pdeathsig:  syscall.SIGQUIT, // the test binary died: immediate shutdown
	}
	// The parent-death signal is sent when the thread that started the
	// process exits: start it from a locked thread that lives as long as
	// the server does.
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if err := s.cmd.Start(); err != nil {
			started <- err
			close(s.exited)
			return
		}
		started <- nil
		s.cmd.Wait()
		close(s.exited)
	}()
	if err := <-started; err != nil {
		return nil, fail("starting %s: %v", s.cmd.Path, err)
	}

	s.admin = "postgres://postgres@/postgres?sslmode=disable&host=" + url.QueryEscape(dir)
	// Copying template1's files is several times faster than WAL-logging
	// its pages (PostgreSQL 15's default) when fsync is off.
	if versionOf(bin) >= 1500 {
		s.create = " STRATEGY = FILE_COPY"
	}
	s.adminDB, err = sql.Open("pgx", s.admin)
	if err != nil {
		return nil, fail("%v", err)
	}
	s.adminDB.SetMaxOpenConns(2)
	for {
		pctx, pcancel := context.WithTimeout(ctx, 2*time.Second)
		perr := s.adminDB.PingContext(pctx)
		pcancel()
		if perr == nil {
			return s, nil
		}
		select {
		case <-s.exited:
			return nil, fail("the server exited at start (%v); its log %s:\n%s", s.cmd.ProcessState, s.log, s.logTail())
		case <-ctx.Done():
			return nil, fail("the server did not accept connections within %v (%v); its log %s:\n%s", startTimeout, perr, s.log, s.logTail())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// stop shuts the server down, closes the connection to it and removes
// its directory.
func (s *server) stop() {
	if s.adminDB != nil {
		s.adminDB.Close()
	}
	if s.cmd != nil && s.cmd.Process != nil {
		// SIGQUIT is PostgreSQL's immediate shutdown: nothing is worth
		// keeping.
		_ = s.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-s.exited:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
			<-s.exited
		}
	}
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}

// drop drops a test's database or schema ("DATABASE x WITH (FORCE)").
func (s *server) drop(what string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, _ = s.adminDB.ExecContext(ctx, "DROP "+what)
}

func (s *server) logTail() string {
	b, _ := os.ReadFile(s.log)
	return tail(string(b), 30)
}

// EnvBin is the environment variable naming the directory of initdb and
// postgres, for an installation binDir would not find.
const EnvBin = "GOFRAME_TEST_POSTGRES_BIN"

// binDir finds the directory with initdb and postgres: $GOFRAME_TEST_POSTGRES_BIN,
// else Debian's /usr/lib/postgresql/<version>/bin (the newest), else the PATH's.
func binDir() (string, error) {
	if d := os.Getenv(EnvBin); d != "" {
		if executable(filepath.Join(d, "initdb")) && executable(filepath.Join(d, "postgres")) {
			return d, nil
		}
		return "", fmt.Errorf("%s=%s has no initdb and postgres programs", EnvBin, d)
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return versionOf(b) - versionOf(a) })
	for _, d := range dirs {
		if executable(filepath.Join(d, "initdb")) && executable(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		d := filepath.Dir(p)
		if executable(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	return "", errors.New("the PostgreSQL server programs (initdb, postgres) are not installed: " +
		"no /usr/lib/postgresql/*/bin/initdb, none on the PATH")
}

const (
	// dirPrefix begins the names of the servers' directories.
	dirPrefix = "goframe-pg-"
	// ownerFile, in a server's directory, holds the test process's id.
	ownerFile = "owner.pid"
)

// removeStale removes the directories of servers whose test process died
// without Stop (killed, say: its server then got SIGQUIT and is gone),
// as in /dev/shm they would hold on to memory.
func removeStale(base string) {
	dirs, _ := filepath.Glob(filepath.Join(base, dirPrefix+"*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, ownerFile))
		if err != nil {
			// Just created, or not ours: leave it a minute.
			if fi, err := os.Stat(d); err != nil || time.Since(fi.ModTime()) < time.Minute {
				continue
			}
		} else if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 0 {
			if err := syscall.Kill(pid, 0); err == nil || errors.Is(err, syscall.EPERM) {
				continue // its test process is running
			}
		}
		os.RemoveAll(d)
	}
}

// baseDir is where the server's directory goes: /dev/shm when it is a
// roomy tmpfs, as a server in memory starts twice and creates databases
// ten times as fast as one on disk; else the temporary directory. A
// server run as the postgres user needs a directory it can reach, and
// every server a short path (a unix socket's is limited to 107 bytes).
func baseDir(asPostgres bool) string {
	var st syscall.Statfs_t
	const tmpfsMagic = 0x01021994
	if err := syscall.Statfs("/dev/shm", &st); err == nil && st.Type == tmpfsMagic &&
		uint64(st.Bavail)*uint64(st.Bsize) >= 1<<30 && syscall.Access("/dev/shm", 2 /* W_OK */) == nil &&
		traversable("/dev/shm") {
		return "/dev/shm"
	}
	base := os.TempDir()
	if (asPostgres && !traversable(base)) || len(base) > 60 {
		base = "/tmp"
	}
	return base
}

// versionOf reads the major version of /usr/lib/postgresql/<version>/bin,
// times 100 (9.6 → 906, 15 → 1500); for other directories, it asks
// postgres --version.
func versionOf(dir string) int {
	v := filepath.Base(filepath.Dir(dir))
	if !strings.HasPrefix(dir, "/usr/lib/postgresql/") {
		out, _ := exec.Command(filepath.Join(dir, "postgres"), "--version").Output()
		f := strings.Fields(string(out)) // postgres (PostgreSQL) 15.18
		if len(f) == 0 {
			return 0
		}
		v = f[len(f)-1]
	}
	major, minor, _ := strings.Cut(v, ".")
	n, _ := strconv.Atoi(major)
	m, _ := strconv.Atoi(minor)
	return n*100 + m
}

func executable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// traversable reports whether every directory from / down to dir lets
// others through (o+x), as the postgres user needs to reach dir.
func traversable(dir string) bool {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	for {
		fi, err := os.Stat(dir)
		if err != nil || fi.Mode().Perm()&0o001 == 0 {
			return false
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return true
		}
		dir = parent
	}
}

// childEnv is the environment for initdb and postgres: the tests' own,
// without the libpq variables that would redirect them, in the C locale.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PG") || strings.HasPrefix(kv, "LC_") || strings.HasPrefix(kv, "LANG=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "LC_ALL=C", "LANG=C")
}

var unsafeRE = regexp.MustCompile(`[^a-z0-9_]+`)

// dbName is a new database (or schema) name for the test called
// testName: unique across test binaries sharing a server, readable in
// its list, within PostgreSQL's 63 bytes.
func dbName(testName string) string {
	prefix := fmt.Sprintf("gftest_%d_%d_", os.Getpid(), seq.Add(1))
	s := strings.Trim(unsafeRE.ReplaceAllString(strings.ToLower(testName), "_"), "_")
	if len(prefix)+len(s) > 63 {
		s = s[:63-len(prefix)]
	}
	return prefix + s
}

// quote quotes an identifier.
func quote(ident string) string {
	return `"` + strings.ReplaceAll(ident, `"`, `""`) + `"`
}

// withPath is rawURL with its database (path) set to name.
func withPath(rawURL, name string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	u.Path, u.RawPath = "/"+name, ""
	return u.String()
}

// withParam is rawURL with the query parameter key set to value.
func withParam(rawURL, key, value string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// redact hides a URL's password.
func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(an unparsable URL)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
