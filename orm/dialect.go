package orm

import "strings"

// Dialect is what differs between the SQL of the databases goframe
// supports.
type Dialect interface {
	// Name is "sqlite" or "postgres".
	Name() string
	// Quote quotes an identifier (a table or column name).
	Quote(ident string) string
	translate(err error) error
}

type sqliteDialect struct{}

func (sqliteDialect) Name() string              { return "sqlite" }
func (sqliteDialect) Quote(ident string) string { return quoteIdent(ident) }
func (sqliteDialect) translate(err error) error { return translateSQLite(err) }

type postgresDialect struct{}

func (postgresDialect) Name() string              { return "postgres" }
func (postgresDialect) Quote(ident string) string { return quoteIdent(ident) }
func (postgresDialect) translate(err error) error { return translatePostgres(err) }

// quoteIdent is the SQL standard's "identifier" quoting, which both
// SQLite and PostgreSQL follow.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
