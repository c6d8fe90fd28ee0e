package orm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib" // PostgreSQL through database/sql
	"github.com/jmoiron/sqlx"
	sqlite3 "github.com/mattn/go-sqlite3"
)

// DB is a database: a connection arrangement suited to its engine, safe
// for concurrent use by many goroutines (and, for SQLite files, by many
// processes).
//
// SQLite allows one writer at a time per database file. A DB on a SQLite
// file therefore keeps one connection for writes and transactions, whose
// transactions begin IMMEDIATE (they take the write lock at BEGIN, waiting
// up to the busy timeout for other processes, instead of failing with
// SQLITE_BUSY when a read turns into a write), and a pool of read-only
// connections for queries outside transactions. The file is in WAL mode,
// so readers never wait for the writer.
type DB struct {
	dialect Dialect
	url     string
	write   *sqlx.DB // writes and transactions
	read    *sqlx.DB // reads outside transactions (the same as write but for SQLite files)
	log     QueryLog
	single  bool // one connection serves everything (sqlite::memory:)

	readStmts, writeStmts stmtCache
}

// Options tune Open. The zero value is what a web application wants.
type Options struct {
	// BusyTimeout is how long a SQLite write waits for another
	// connection or process holding the write lock (default 10s).
	BusyTimeout time.Duration
	// MaxReaders bounds the SQLite read pool (default 8) or, for
	// PostgreSQL, the whole pool (default 16).
	MaxReaders int
	// Log, if set, receives every statement the ORM runs.
	Log QueryLog
}

var memSeq atomic.Int64

// Open opens the database at a URL:
//
//	sqlite:///db.sqlite3           a file relative to the working directory
//	sqlite:////var/lib/app/db.sqlite3   an absolute path (four slashes)
//	sqlite::memory:                a private in-memory database
//	postgres://user:pass@host:5432/dbname?sslmode=disable   (also postgresql://)
//
// The sqlite forms follow SQLAlchemy's and dj-database-url's convention.
func Open(rawURL string, opts ...Options) (*DB, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 10 * time.Second
	}
	var db *DB
	var err error
	switch {
	case rawURL == "sqlite::memory:" || rawURL == "sqlite://:memory:":
		db, err = openSQLiteMemory(rawURL)
	case strings.HasPrefix(rawURL, "sqlite://"):
		var path string
		if path, err = sqlitePath(rawURL); err == nil {
			db, err = openSQLiteFile(rawURL, path, o)
		}
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		db, err = openPostgres(rawURL, o)
	default:
		err = fmt.Errorf("orm: database URL %q: want sqlite:///relative/path, sqlite:////absolute/path, sqlite::memory: or postgres://user@host/db", redact(rawURL))
	}
	if err != nil {
		return nil, err
	}
	db.log = o.Log
	return db, nil
}

// sqlitePath returns the file path of a sqlite:// URL.
func sqlitePath(rawURL string) (string, error) {
	rest := strings.TrimPrefix(rawURL, "sqlite://")
	if !strings.HasPrefix(rest, "/") || len(rest) < 2 {
		return "", fmt.Errorf("orm: database URL %q: a SQLite file is sqlite:///relative/path or sqlite:////absolute/path", rawURL)
	}
	path := rest[1:] // sqlite:///db.sqlite3 -> db.sqlite3; sqlite:////abs -> /abs
	if i := strings.IndexByte(path, '?'); i >= 0 {
		return "", fmt.Errorf("orm: database URL %q: query parameters are not supported for SQLite (the settings are goframe's)", rawURL)
	}
	p, err := url.PathUnescape(path)
	if err != nil {
		return "", fmt.Errorf("orm: database URL %q: %w", rawURL, err)
	}
	return filepath.Clean(p), nil
}

// sqliteDSN is the go-sqlite3 connection string for path with the
// settings every connection gets: WAL, a busy timeout, foreign keys,
// synchronous=NORMAL (durable with WAL at commit boundaries).
func sqliteDSN(path string, busy time.Duration, extra string) string {
	v := url.Values{}
	v.Set("_journal_mode", "WAL")
	v.Set("_busy_timeout", fmt.Sprint(busy.Milliseconds()))
	v.Set("_foreign_keys", "on")
	v.Set("_synchronous", "NORMAL")
	s := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + v.Encode()
	if extra != "" {
		s += "&" + extra
	}
	return s
}

func openSQLiteFile(rawURL, path string, o Options) (*DB, error) {
	if o.MaxReaders <= 0 {
		o.MaxReaders = 8
	}
	w, err := sqlx.Open("sqlite3", sqliteDSN(path, o.BusyTimeout, "_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("orm: opening %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	// The first connection creates the file and switches it to WAL, which
	// needs the write lock: do it on the writer, before any reader.
	ctx, cancel := context.WithTimeout(context.Background(), o.BusyTimeout+5*time.Second)
	defer cancel()
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("orm: opening %s: %w", path, err)
	}
	var mode string
	if err := w.GetContext(ctx, &mode, "PRAGMA journal_mode"); err != nil || !strings.EqualFold(mode, "wal") {
		w.Close()
		if err == nil {
			err = fmt.Errorf("journal mode is %q, not WAL", mode)
		}
		return nil, fmt.Errorf("orm: opening %s: %w", path, err)
	}
	r, err := sqlx.Open("sqlite3", sqliteDSN(path, o.BusyTimeout, "mode=ro"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("orm: opening %s: %w", path, err)
	}
	r.SetMaxOpenConns(o.MaxReaders)
	r.SetMaxIdleConns(o.MaxReaders)
	return &DB{dialect: sqliteDialect{}, url: rawURL, write: w, read: r}, nil
}

func openSQLiteMemory(rawURL string) (*DB, error) {
	// A private shared-cache database kept alive by its one connection:
	// every use sees the same data, and it disappears with Close.
	name := fmt.Sprintf("file:goframe-mem-%d?mode=memory&cache=shared&_foreign_keys=on", memSeq.Add(1))
	db, err := sqlx.Open("sqlite3", name)
	if err != nil {
		return nil, fmt.Errorf("orm: opening %s: %w", rawURL, err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxIdleTime(0)
	db.SetConnMaxLifetime(0)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("orm: opening %s: %w", rawURL, err)
	}
	return &DB{dialect: sqliteDialect{}, url: rawURL, write: db, read: db, single: true}, nil
}

func openPostgres(rawURL string, o Options) (*DB, error) {
	if o.MaxReaders <= 0 {
		o.MaxReaders = 16
	}
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("orm: opening %s: %w", redact(rawURL), err)
	}
	// No statement cache: pgx's would keep a plan made before a column
	// changed type (a migration, perhaps run by another process) and fail
	// the next query with "cached plan must not change result type".
	// Describing each statement costs a round trip and is always right.
	if cfg.DefaultQueryExecMode == pgx.QueryExecModeCacheStatement {
		cfg.DefaultQueryExecMode = pgx.QueryExecModeDescribeExec
	}
	// timestamptz values scan in UTC, as SQLite's do and as the ORM
	// stores them, not in the machine's local time zone (pgx's default).
	db := sqlx.NewDb(stdlib.OpenDB(*cfg, stdlib.OptionAfterConnect(func(_ context.Context, c *pgx.Conn) error {
		c.TypeMap().RegisterType(&pgtype.Type{Name: "timestamptz", OID: pgtype.TimestamptzOID,
			Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC}})
		return nil
	})), "pgx")
	db.SetMaxOpenConns(o.MaxReaders)
	db.SetMaxIdleConns(o.MaxReaders)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("orm: connecting to %s: %w", redact(rawURL), err)
	}
	return &DB{dialect: postgresDialect{}, url: rawURL, write: db, read: db}, nil
}

// userinfoRE finds the password of a URL url.Parse refuses.
var userinfoRE = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*://[^:@/]*):[^@]*@`)

// redact hides a URL's password.
func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		// A bad port, say: hide what lies between "user:" and "@".
		return userinfoRE.ReplaceAllString(rawURL, "${1}:xxxxx@")
	}
	if u.User == nil {
		return rawURL
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Close closes the database's connections.
func (db *DB) Close() error {
	db.readStmts.close()
	db.writeStmts.close()
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Dialect returns the database's SQL dialect.
func (db *DB) Dialect() Dialect { return db.dialect }

// URL returns the URL the database was opened with.
func (db *DB) URL() string { return redact(db.url) }

// Exec runs a statement that changes data or schema, with placeholders
// written as ? (rebound for PostgreSQL).
func (db *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	db.logQuery(query, args)
	return execRetry(ctx, db.dialect, func() (sql.Result, error) {
		return db.write.ExecContext(ctx, rebind(db.dialect, query), args...)
	})
}

// Queryer is what runs queries: a *DB, or the *Conn of a transaction.
type Queryer interface {
	db() *DB
	reader() execer
	writer() execer
	inTx() bool
}

// execer is the part of sqlx every query runner shares.
type execer interface {
	sqlx.ExtContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

// reader returns where reads go: the read pool outside transactions.
func (db *DB) reader() execer { return db.read }

func (db *DB) db() *DB { return db }

// execRetry runs f, retrying while SQLite reports the database busy
// (another process holds the write lock longer than the busy timeout
// already waited), until ctx ends: a busy database makes writers wait,
// never fail.
func execRetry[T any](ctx context.Context, d Dialect, f func() (T, error)) (T, error) {
	delay := 5 * time.Millisecond
	for {
		v, err := f()
		if err == nil || !isBusy(err) {
			return v, d.translate(err)
		}
		select {
		case <-ctx.Done():
			return v, fmt.Errorf("orm: database busy: %w (gave up: %v)", err, ctx.Err())
		case <-time.After(delay):
		}
		delay = min(2*delay, 200*time.Millisecond)
	}
}

// isBusy reports SQLite's SQLITE_BUSY and SQLITE_LOCKED.
func isBusy(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked
	}
	return false
}
