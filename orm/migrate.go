package orm

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// migrationsTable records the applied migrations: name and applied_at.
const migrationsTable = "goframe_migrations"

// pgMigrateLock is the PostgreSQL advisory lock Migrate holds, so that
// two processes migrating one database take turns ("goframe" in ASCII).
const pgMigrateLock = 0x676f6672616d65

// MigrationStatus is a migration and whether it is applied, as Django's
// showmigrations lists them.
type MigrationStatus struct {
	// Name is the migration's name, its file's without .sql.
	Name string
	// Applied reports whether the migration is recorded as applied, and
	// AppliedAt when (UTC).
	Applied   bool
	AppliedAt time.Time
	// Missing marks a migration recorded as applied whose file is gone.
	Missing bool
}

// String is "[X] 0001_initial" or "[ ] 0002_add_blog_post_slug".
func (s MigrationStatus) String() string {
	switch {
	case s.Missing:
		return "[X] " + s.Name + " (no file)"
	case s.Applied:
		return "[X] " + s.Name
	}
	return "[ ] " + s.Name
}

// PlanStep is one migration Migrate would run, forwards or backwards.
type PlanStep struct {
	Name      string
	Backwards bool
}

// MigrationError is a migration that failed. The migration's
// transaction was rolled back, leaving the database as it was before
// the migration.
type MigrationError struct {
	// Migration is the migration's name; Backwards tells the direction,
	// Dialect the section run.
	Migration string
	Backwards bool
	Dialect   string
	// Statement is the statement that failed ("" when the failure was
	// not a statement's), and Line the line of the file it begins on.
	Statement string
	Line      int
	// Err is the database's error.
	Err error
}

// Error says which migration failed, at which statement and line of its
// file, and why.
func (e *MigrationError) Error() string {
	dir := "up"
	if e.Backwards {
		dir = "down"
	}
	if e.Statement == "" {
		return fmt.Sprintf("orm: migration %s (%s, %s) failed, rolled back: %v", e.Migration, dir, e.Dialect, e.Err)
	}
	if e.Line == 0 {
		return fmt.Sprintf("orm: migration %s (%s, %s) failed, rolled back: %s: %v", e.Migration, dir, e.Dialect, shortSQL(e.Statement), e.Err)
	}
	return fmt.Sprintf("orm: migration %s (%s, %s) failed, rolled back: statement at %s.sql:%d: %s: %v",
		e.Migration, dir, e.Dialect, e.Migration, e.Line, shortSQL(e.Statement), e.Err)
}

// Unwrap returns the database's error.
func (e *MigrationError) Unwrap() error { return e.Err }

var spaceRE = regexp.MustCompile(`\s+`)

// shortSQL is a statement on one line, cut to a readable length.
func shortSQL(s string) string {
	s = spaceRE.ReplaceAllString(strings.TrimSpace(s), " ")
	if len(s) > 200 {
		s = s[:197] + "..."
	}
	return s
}

// Migrate applies the migrations of fsys (NNNN_name.sql files in its top
// directory: pass fs.Sub(embedded, "migrations") for an embed.FS made
// with //go:embed migrations/*.sql) that are not applied yet, in order,
// and returns their names. target "" migrates to the latest migration;
// the name of a migration (or its number, "0002") migrates forwards to
// it, or backwards — running the down sections of the later ones, last
// first — when it is applied; "zero" unapplies every migration.
//
// Each migration runs in its own transaction, recorded in the table
// goframe_migrations in that transaction, so a migration that fails
// leaves the database as it was before it; the error, a
// *MigrationError, names the migration, the statement and the
// database's message; applied lists the migrations run before it. A
// SQLite section that rebuilds tables turns
// foreign keys off before its transaction (they cannot change inside
// one) and on again after it, and checks them before committing.
//
// Statements that cannot run in a transaction (PostgreSQL's CREATE
// INDEX CONCURRENTLY, VACUUM) cannot be in a migration.
//
// Several processes may run Migrate at once: on PostgreSQL they take
// turns (an advisory lock), on SQLite each migration's transaction
// holds the write lock and skips a migration another process applied.
func Migrate(ctx context.Context, db *DB, migrations fs.FS, target string) (applied []string, err error) {
	migs, err := loadMigrations(migrations)
	if err != nil {
		return nil, err
	}
	if _, err := replay(migs); err != nil {
		return nil, err
	}
	conn, release, err := migrationConn(ctx, db)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, release()) }()
	// Statements prepared before the schema changed may describe old
	// tables (PostgreSQL refuses a cached plan whose result type
	// changed): prepare them again after migrating.
	defer func() {
		if len(applied) > 0 {
			db.readStmts.reset()
			db.writeStmts.reset()
		}
	}()
	if err := ensureMigrationsTable(ctx, db, conn); err != nil {
		return nil, err
	}
	records, err := readApplied(ctx, db.dialect, conn)
	if err != nil {
		return nil, err
	}
	steps, err := plan(migs, records, target)
	if err != nil {
		return nil, err
	}
	byName := map[string]*migration{}
	for _, m := range migs {
		byName[m.Name] = m
	}
	for _, st := range steps {
		ran, err := runMigration(ctx, db, conn, byName[st.Name], st.Backwards)
		if err != nil {
			return applied, err
		}
		if ran {
			applied = append(applied, st.Name)
		}
	}
	return applied, nil
}

// MigrationPlan returns the migrations Migrate would run for target, in
// order, without running them (Django's migrate --plan).
func MigrationPlan(ctx context.Context, db *DB, migrations fs.FS, target string) ([]PlanStep, error) {
	migs, err := loadMigrations(migrations)
	if err != nil {
		return nil, err
	}
	records, err := readAppliedIfAny(ctx, db)
	if err != nil {
		return nil, err
	}
	return plan(migs, records, target)
}

// ShowMigrations lists the migrations of fsys and whether each is
// applied, in order, followed by any recorded as applied whose file is
// missing (Django's showmigrations).
func ShowMigrations(ctx context.Context, db *DB, migrations fs.FS) ([]MigrationStatus, error) {
	migs, err := loadMigrations(migrations)
	if err != nil {
		return nil, err
	}
	records, err := readAppliedIfAny(ctx, db)
	if err != nil {
		return nil, err
	}
	var out []MigrationStatus
	seen := map[string]bool{}
	for _, m := range migs {
		at, ok := records[m.Name]
		out = append(out, MigrationStatus{Name: m.Name, Applied: ok, AppliedAt: at})
		seen[m.Name] = true
	}
	for _, name := range sortedKeys(records) {
		if !seen[name] {
			out = append(out, MigrationStatus{Name: name, Applied: true, AppliedAt: records[name], Missing: true})
		}
	}
	return out, nil
}

// SQLMigrate returns the SQL migration name (or its number) runs on
// dialect ("sqlite" or "postgres"), forwards or backwards: its section
// as written, in the transaction Migrate runs it in (Django's
// sqlmigrate).
func SQLMigrate(fsys fs.FS, name, dialect string, backwards bool) (string, error) {
	if dialect != "sqlite" && dialect != "postgres" {
		return "", fmt.Errorf("orm: sqlmigrate: dialect %q: want sqlite or postgres", dialect)
	}
	migs, err := loadMigrations(fsys)
	if err != nil {
		return "", err
	}
	i, err := findMigration(migs, name)
	if err != nil {
		return "", err
	}
	m := migs[i]
	dir := "up"
	if backwards {
		dir = "down"
	}
	sec := m.sections[dir+" "+dialect]
	var b strings.Builder
	fmt.Fprintf(&b, "-- %s (%s, %s)\n", m.Name, dir, dialect)
	if sec.irreversible {
		b.WriteString("-- This migration is irreversible: Migrate refuses to run this section.\n")
	}
	if sec.fkOff {
		b.WriteString("PRAGMA foreign_keys = OFF;\n")
	}
	b.WriteString("BEGIN;\n")
	if sec.body != "" {
		b.WriteString(sec.body + "\n")
	}
	b.WriteString("COMMIT;\n")
	if sec.fkOff {
		b.WriteString("PRAGMA foreign_keys = ON;\n")
	}
	return b.String(), nil
}

// findMigration finds a migration by name (0002_add_x, 0002_add_x.sql)
// or number (0002, 2).
func findMigration(migs []*migration, name string) (int, error) {
	name = strings.TrimSuffix(name, ".sql")
	for i, m := range migs {
		if m.Name == name {
			return i, nil
		}
	}
	if n, err := strconv.Atoi(name); err == nil {
		for i, m := range migs {
			if m.Number == n {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("orm: no migration %q", name)
}

// plan is the steps from the applied migrations to target.
func plan(migs []*migration, records map[string]time.Time, target string) ([]PlanStep, error) {
	known := map[string]bool{}
	for _, m := range migs {
		known[m.Name] = true
	}
	for _, name := range sortedKeys(records) {
		if !known[name] {
			return nil, fmt.Errorf("orm: migration %s is recorded as applied, but there is no file for it: restore it (or delete its row from %s if it is really gone)", name, migrationsTable)
		}
	}
	done := 0
	for done < len(migs) {
		if _, ok := records[migs[done].Name]; !ok {
			break
		}
		done++
	}
	for _, m := range migs[done:] {
		if _, ok := records[m.Name]; ok {
			return nil, fmt.Errorf("orm: inconsistent migration history: %s is applied but %s, before it, is not (renumber %s after the applied ones)", m.Name, migs[done].Name, migs[done].Name)
		}
	}
	to := len(migs)
	switch target {
	case "":
	case "zero":
		to = 0
	default:
		i, err := findMigration(migs, target)
		if err != nil {
			return nil, err
		}
		to = i + 1
	}
	var steps []PlanStep
	for i := done; i < to; i++ {
		steps = append(steps, PlanStep{Name: migs[i].Name})
	}
	for i := done - 1; i >= to; i-- {
		steps = append(steps, PlanStep{Name: migs[i].Name, Backwards: true})
	}
	return steps, nil
}

// migrationConn reserves the writer connection for Migrate (on
// PostgreSQL, after taking the migration lock). release gives it back.
func migrationConn(ctx context.Context, db *DB) (*sql.Conn, func() error, error) {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("orm: migrate: connecting: %w", err)
	}
	if db.dialect.Name() != "postgres" {
		return conn, conn.Close, nil
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", int64(pgMigrateLock)); err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("orm: migrate: taking the migration lock: %w", err)
	}
	return conn, func() error {
		_, err := conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(pgMigrateLock))
		if err != nil {
			err = fmt.Errorf("orm: migrate: releasing the migration lock: %w", err)
		}
		return errors.Join(err, conn.Close())
	}, nil
}

func ensureMigrationsTable(ctx context.Context, db *DB, conn *sql.Conn) error {
	at := "DATETIME"
	if db.dialect.Name() == "postgres" {
		at = "TIMESTAMP(6) WITH TIME ZONE"
	}
	stmt := fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (%s VARCHAR(255) NOT NULL PRIMARY KEY, %s %s NOT NULL)",
		q(migrationsTable), q("name"), q("applied_at"), at)
	_, err := execRetry(ctx, db.dialect, func() (sql.Result, error) { return conn.ExecContext(ctx, stmt) })
	if err != nil {
		return fmt.Errorf("orm: migrate: creating %s: %w", migrationsTable, err)
	}
	return nil
}

// queryer is what reads the migrations table: a connection, a
// transaction or a pool.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func readApplied(ctx context.Context, d Dialect, qr queryer) (map[string]time.Time, error) {
	rows, err := qr.QueryContext(ctx, fmt.Sprintf("SELECT %s, %s FROM %s", q("name"), q("applied_at"), q(migrationsTable)))
	if err != nil {
		return nil, fmt.Errorf("orm: reading %s: %w", migrationsTable, d.translate(err))
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var name string
		var at time.Time
		if err := rows.Scan(&name, &at); err != nil {
			return nil, fmt.Errorf("orm: reading %s: %w", migrationsTable, err)
		}
		out[name] = at.UTC()
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("orm: reading %s: %w", migrationsTable, err)
	}
	return out, nil
}

// readAppliedIfAny reads the applied migrations, none when the table is
// not there yet (without creating it).
func readAppliedIfAny(ctx context.Context, db *DB) (map[string]time.Time, error) {
	exists := "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	if db.dialect.Name() == "postgres" {
		exists = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?"
	}
	var n int
	if err := db.read.GetContext(ctx, &n, rebind(db.dialect, exists), migrationsTable); err != nil {
		return nil, fmt.Errorf("orm: looking for %s: %w", migrationsTable, err)
	}
	if n == 0 {
		return map[string]time.Time{}, nil
	}
	return readApplied(ctx, db.dialect, db.read)
}

// runMigration runs one migration's section in a transaction and
// records it, or unrecords it when going backwards. It reports false
// when another process ran it meanwhile.
func runMigration(ctx context.Context, db *DB, conn *sql.Conn, m *migration, backwards bool) (ran bool, err error) {
	d := db.dialect
	dir := "up"
	if backwards {
		dir = "down"
	}
	sec := m.sections[dir+" "+d.Name()]
	fail := func(stmt statement, err error) error {
		return &MigrationError{Migration: m.Name, Backwards: backwards, Dialect: d.Name(), Statement: stmt.text, Line: stmt.line, Err: err}
	}
	if backwards && sec.irreversible {
		return false, fail(statement{}, errors.New("the migration is irreversible (its down section says so)"))
	}
	if len(m.Ops) > 0 && len(sec.stmts) == 0 {
		return false, fail(statement{}, fmt.Errorf("it records %d schema operations, but its %q section has no SQL", len(m.Ops), sec.key))
	}
	if sec.fkOff && d.Name() == "sqlite" {
		// Foreign keys cannot be switched inside a transaction: switch
		// them on this connection around it.
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return false, fail(statement{text: "PRAGMA foreign_keys = OFF"}, err)
		}
		defer func() {
			if ferr := restoreForeignKeys(context.WithoutCancel(ctx), conn); ferr != nil {
				err = errors.Join(err, ferr)
			}
		}()
	}
	tx, err := execRetry(ctx, d, func() (*sql.Tx, error) { return conn.BeginTx(ctx, nil) })
	if err != nil {
		return false, fail(statement{}, fmt.Errorf("beginning the transaction: %w", err))
	}
	defer func() {
		if tx != nil {
			if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
				err = errors.Join(err, fmt.Errorf("orm: rolling back migration %s: %w", m.Name, rerr))
			}
		}
	}()
	var recorded int
	check := fmt.Sprintf("SELECT count(*) FROM %s WHERE %s = ?", q(migrationsTable), q("name"))
	if err := tx.QueryRowContext(ctx, rebind(d, check), m.Name).Scan(&recorded); err != nil {
		return false, fail(statement{}, fmt.Errorf("reading %s: %w", migrationsTable, err))
	}
	if backwards == (recorded == 0) {
		return false, nil // another process got here first
	}
	stmts := sec.stmts
	if sec.fkOff && d.Name() == "sqlite" && (len(stmts) == 0 || !isForeignKeyCheck(stmts[len(stmts)-1].text)) {
		stmts = append(stmts[:len(stmts):len(stmts)], statement{text: "PRAGMA foreign_key_check"})
	}
	for _, st := range stmts {
		if isForeignKeyCheck(st.text) && d.Name() == "sqlite" {
			if err := foreignKeyCheck(ctx, tx, st.text); err != nil {
				return false, fail(st, err)
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, st.text); err != nil {
			return false, fail(st, d.translate(err))
		}
	}
	record := fmt.Sprintf("INSERT INTO %s (%s, %s) VALUES (?, ?)", q(migrationsTable), q("name"), q("applied_at"))
	args := []any{m.Name, now()}
	if backwards {
		record = fmt.Sprintf("DELETE FROM %s WHERE %s = ?", q(migrationsTable), q("name"))
		args = args[:1]
	}
	if _, err := tx.ExecContext(ctx, rebind(d, record), args...); err != nil {
		return false, fail(statement{}, fmt.Errorf("recording in %s: %w", migrationsTable, d.translate(err)))
	}
	err = tx.Commit()
	tx = nil
	if err != nil {
		return false, fail(statement{}, fmt.Errorf("committing: %w", d.translate(err)))
	}
	return true, nil
}

var foreignKeyCheckRE = regexp.MustCompile(`(?i)^PRAGMA\s+(main\.)?foreign_key_check\b`)

func isForeignKeyCheck(stmt string) bool { return foreignKeyCheckRE.MatchString(stmt) }

// foreignKeyCheck runs PRAGMA foreign_key_check, which reports the
// rows whose foreign keys refer to nothing, and makes them an error.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx, stmt string) error {
	rows, err := tx.QueryContext(ctx, stmt)
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	n := 0
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return err
		}
		n++
		if len(problems) < 5 {
			problems = append(problems, fmt.Sprintf("%s row %d refers to a missing %s row", table, rowid.Int64, parent))
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("foreign key check failed, %d rows: %s", n, strings.Join(problems, "; "))
	}
	return nil
}

// restoreForeignKeys turns SQLite's foreign keys back on, and makes sure
// they are: a connection left without them is closed rather than
// reused.
func restoreForeignKeys(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = ON")
	var on int
	if err == nil {
		err = conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&on)
	}
	if err == nil && on != 1 {
		err = errors.New("they stay off")
	}
	if err != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn }) // discard the connection
		return fmt.Errorf("orm: migrate: turning foreign keys back on: %w", err)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
