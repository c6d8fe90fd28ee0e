package orm

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	sqlite3 "github.com/mattn/go-sqlite3"
)

var (
	// ErrNotFound is returned by Get and First when no row matches.
	ErrNotFound = errors.New("orm: not found")
	// ErrMultipleRows is returned by Get when more than one row matches.
	ErrMultipleRows = errors.New("orm: more than one row")
)

// ConstraintKind names the constraint a write broke.
type ConstraintKind uint8

const (
	// ConstraintUnique: a unique index or primary key already has the value.
	ConstraintUnique ConstraintKind = iota + 1
	// ConstraintForeignKey: the referenced row does not exist, or rows
	// still refer to the one deleted.
	ConstraintForeignKey
	// ConstraintNotNull: a NOT NULL column got NULL.
	ConstraintNotNull
	// ConstraintCheck: a CHECK constraint failed.
	ConstraintCheck
)

// String names the kind: "unique", "foreign key", "not null", "check".
func (k ConstraintKind) String() string {
	switch k {
	case ConstraintUnique:
		return "unique"
	case ConstraintForeignKey:
		return "foreign key"
	case ConstraintNotNull:
		return "not null"
	case ConstraintCheck:
		return "check"
	}
	return "constraint"
}

// ConstraintError is a write refused by a constraint, with the table and
// column it names. For a foreign key, that is the referring column of an
// insert or update whose value refers to no row, or the table and key of
// a row that a delete (or key change) would leave referred to (on_delete
// protect or do_nothing). SQLite does not name the column of a foreign
// key: the ORM finds it from the model where it can; Column is empty
// when neither could say.
type ConstraintError struct {
	Kind   ConstraintKind
	Table  string
	Column string
	Err    error // the driver's error
}

// Error says which constraint failed where, with the driver's message.
func (e *ConstraintError) Error() string {
	where := e.Table
	if e.Column != "" {
		if where != "" {
			where += "."
		}
		where += e.Column
	}
	if where == "" {
		return fmt.Sprintf("orm: %s constraint failed: %v", e.Kind, e.Err)
	}
	return fmt.Sprintf("orm: %s constraint failed on %s: %v", e.Kind, where, e.Err)
}

// Unwrap returns the driver's error.
func (e *ConstraintError) Unwrap() error { return e.Err }

// sqliteConstraintRE reads "UNIQUE constraint failed: post.slug, post.x".
var sqliteConstraintRE = regexp.MustCompile(`constraint failed: ([^.\s,]+)\.([^\s,]+)`)

func translateSQLite(err error) error {
	if err == nil {
		return nil // no error: nothing to allocate for errors.As
	}
	var se sqlite3.Error
	if !errors.As(err, &se) || se.Code != sqlite3.ErrConstraint {
		return err
	}
	ce := &ConstraintError{Err: err}
	switch se.ExtendedCode {
	case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
		ce.Kind = ConstraintUnique
	case sqlite3.ErrConstraintForeignKey:
		ce.Kind = ConstraintForeignKey
	case sqlite3.ErrConstraintTrigger:
		// ON DELETE RESTRICT (protect) refuses through SQLite's
		// foreign-key trigger machinery.
		if !strings.Contains(se.Error(), "FOREIGN KEY constraint failed") {
			return err
		}
		ce.Kind = ConstraintForeignKey
	case sqlite3.ErrConstraintNotNull:
		ce.Kind = ConstraintNotNull
	case sqlite3.ErrConstraintCheck:
		ce.Kind = ConstraintCheck
	default:
		return err
	}
	if m := sqliteConstraintRE.FindStringSubmatch(se.Error()); m != nil {
		ce.Table, ce.Column = m[1], m[2]
	}
	return ce
}

// pgKeyRE reads the column of "Key (author_id)=(5) is not present ...".
var pgKeyRE = regexp.MustCompile(`^Key \(([^)]+)\)=`)

// pgReferencedRE reads the table of `update or delete on table "user"
// violates foreign key constraint ...`: a row other rows still refer to.
var pgReferencedRE = regexp.MustCompile(`^update or delete on table "((?:[^"]|"")+)"`)

func translatePostgres(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	ce := &ConstraintError{Err: err, Table: pe.TableName, Column: pe.ColumnName}
	switch pe.Code {
	case "23505":
		ce.Kind = ConstraintUnique
	case "23503":
		ce.Kind = ConstraintForeignKey
	case "23502":
		ce.Kind = ConstraintNotNull
	case "23514":
		ce.Kind = ConstraintCheck
	default:
		return err
	}
	if m := pgReferencedRE.FindStringSubmatch(pe.Message); m != nil && ce.Kind == ConstraintForeignKey {
		// A delete (or key change) refused: name the row's table and
		// key, as on SQLite, not the referring table (pe.TableName)
		// with the key's column, which is not one of its columns.
		ce.Table, ce.Column = strings.ReplaceAll(m[1], `""`, `"`), ""
	}
	if ce.Column == "" {
		if m := pgKeyRE.FindStringSubmatch(pe.Detail); m != nil {
			ce.Column = strings.TrimSpace(m[1])
		}
	}
	return ce
}
