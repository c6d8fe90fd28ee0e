package framework

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/goframe/goframe/orm"
)

// SessionTable is the table of the database session store.
const SessionTable = "goframe_session"

// SessionRecord is a session in the database session store: the model of
// the goframe_session table (Django's django_session). Register it with
// the project's models so that makemigrations creates the table:
//
//	reg, err := orm.NewRegistry(Post{}, framework.SessionRecord{})
//
// or, in a project without migrations, create the table with
// DBStore.CreateTable.
type SessionRecord struct {
	// Key is the session key, the session cookie's value.
	Key string `db:"session_key" orm:"pk;size:40"`
	// Data is the session's data, as JSON.
	Data string `db:"session_data"`
	// Expires is when the session ends; indexed for ClearExpired.
	Expires time.Time `db:"expire_date" orm:"index"`
}

// TableName returns SessionTable.
func (SessionRecord) TableName() string { return SessionTable }

// DBStore is a server-side session store in the database through the orm
// package (Django's db backend): sessions are shared by every worker
// process and app server using the database, and deleting a session
// (Flush on logout) ends it everywhere. The cookie holds only a random
// key the store issued. It is safe for concurrent use.
//
// The table is goframe_session (SessionRecord): create it with
// makemigrations (register SessionRecord) or with CreateTable — one or
// the other, as a migration cannot create a table that already exists.
// Expired sessions are never returned; ClearExpired deletes them (run it
// from time to time, as Django's clearsessions).
type DBStore struct {
	db *orm.DB
}

// Compile-time check: a DBStore is a SessionStore.
var _ SessionStore = (*DBStore)(nil)

// NewDBStore returns a session store keeping sessions in db's
// goframe_session table.
func NewDBStore(db *orm.DB) *DBStore { return &DBStore{db: db} }

// dbTime is a time as the store writes and compares it: UTC, to the
// second, so that SQLite, which compares times as text, compares them
// right.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// Load returns the data of the session key names; ErrSessionNotFound
// if there is no such unexpired session.
func (s *DBStore) Load(ctx context.Context, key string) (map[string]any, error) {
	if !validSessionKey(key) {
		return nil, ErrSessionNotFound
	}
	rec, err := orm.Objects[SessionRecord](s.db).
		Filter("session_key", key).
		Filter("expire_date__gt", dbTime(time.Now())).
		First(ctx)
	if errors.Is(err, orm.ErrNotFound) {
		return nil, ErrSessionNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("framework: loading a session: %w", err)
	}
	var data map[string]any
	if err := json.Unmarshal([]byte(rec.Data), &data); err != nil {
		// Not something this store wrote: a new session is the answer.
		return nil, fmt.Errorf("%w: the stored data is not JSON: %v", ErrSessionNotFound, err)
	}
	if data == nil {
		data = map[string]any{}
	}
	return data, nil
}

// Save stores data until expiry: under key when it is given (an update;
// ErrSessionNotFound if the session was deleted meanwhile), or under a
// new random key. It returns the key.
func (s *DBStore) Save(ctx context.Context, key string, data map[string]any, expiry time.Time) (string, error) {
	b, err := json.Marshal(data)
	if err != nil {
		return "", fmt.Errorf("framework: session: encoding the data as JSON: %w", err)
	}
	expiry = dbTime(expiry)
	if key != "" {
		n, err := orm.Objects[SessionRecord](s.db).Filter("session_key", key).
			Update(ctx, map[string]any{"session_data": string(b), "expire_date": expiry})
		if err != nil {
			return "", fmt.Errorf("framework: saving a session: %w", err)
		}
		if n == 0 {
			return "", ErrSessionNotFound
		}
		return key, nil
	}
	// A new key; a collision (one in 2^165) only costs another try.
	for range 5 {
		rec := SessionRecord{Key: newSessionKey(), Data: string(b), Expires: expiry}
		err := orm.Insert(ctx, s.db, &rec)
		var ce *orm.ConstraintError
		if errors.As(err, &ce) && ce.Kind == orm.ConstraintUnique {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("framework: creating a session: %w", err)
		}
		return rec.Key, nil
	}
	return "", errors.New("framework: creating a session: no unused session key found")
}

// Delete deletes the session key names.
func (s *DBStore) Delete(ctx context.Context, key string) error {
	if !validSessionKey(key) {
		return nil
	}
	if _, err := orm.Objects[SessionRecord](s.db).Filter("session_key", key).Delete(ctx); err != nil {
		return fmt.Errorf("framework: deleting a session: %w", err)
	}
	return nil
}

// ClearExpired deletes the expired sessions and returns how many it
// deleted (Django's clearsessions).
func (s *DBStore) ClearExpired(ctx context.Context) (int64, error) {
	n, err := orm.Objects[SessionRecord](s.db).Filter("expire_date__lte", dbTime(time.Now())).Delete(ctx)
	if err != nil {
		return 0, fmt.Errorf("framework: clearing expired sessions: %w", err)
	}
	return n, nil
}

// CreateTable creates the goframe_session table and its index if they
// do not exist, with the SQL makemigrations would write for
// SessionRecord: for a project that does not use migrations. A project
// that does registers SessionRecord instead.
func (s *DBStore) CreateTable(ctx context.Context) error {
	var stmts []string
	switch d := s.db.Dialect().Name(); d {
	case "sqlite":
		stmts = []string{`CREATE TABLE IF NOT EXISTS "goframe_session" (
    "session_key" VARCHAR(40) NOT NULL PRIMARY KEY,
    "session_data" TEXT NOT NULL,
    "expire_date" DATETIME NOT NULL
)`}
	case "postgres":
		stmts = []string{`CREATE TABLE IF NOT EXISTS "goframe_session" (
    "session_key" VARCHAR(40) CONSTRAINT "goframe_session_pkey" PRIMARY KEY,
    "session_data" TEXT NOT NULL,
    "expire_date" TIMESTAMP(6) WITH TIME ZONE NOT NULL
)`}
	default:
		return fmt.Errorf("framework: creating the %s table: no SQL for the %s dialect", SessionTable, d)
	}
	stmts = append(stmts, `CREATE INDEX IF NOT EXISTS "idx_goframe_session_expire_date" ON "goframe_session" ("expire_date")`)
	for _, q := range stmts {
		if _, err := s.db.Exec(ctx, q); err != nil {
			return fmt.Errorf("framework: creating the %s table: %w", SessionTable, err)
		}
	}
	return nil
}
