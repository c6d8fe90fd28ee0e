package orm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The migration file format is described in MakeMigrations's doc comment.

// directive is the prefix of a structural comment line.
const directive = "-- +goframe"

// Operation kinds.
const (
	opCreateTable  = "CreateTable"
	opDropTable    = "DropTable"
	opRenameTable  = "RenameTable"
	opAddColumn    = "AddColumn"
	opDropColumn   = "DropColumn"
	opAlterColumn  = "AlterColumn"
	opRenameColumn = "RenameColumn"
	opAddIndex     = "AddIndex"
	opDropIndex    = "DropIndex"
)

// operation is one schema change, as a migration file records it:
//
//	{"op":"CreateTable","table":"t","columns":[{...}, ...]}
//	{"op":"DropTable","table":"t"}
//	{"op":"RenameTable","from":"old","to":"new"}
//	{"op":"AddColumn","table":"t","column":{...}}
//	{"op":"DropColumn","table":"t","name":"c"}
//	{"op":"AlterColumn","table":"t","column":{...the new definition}}
//	{"op":"RenameColumn","table":"t","from":"old","to":"new"}
//	{"op":"AddIndex","table":"t","index":{"name":"idx_t_c","columns":["c"],"unique":true}}
//	{"op":"DropIndex","table":"t","name":"idx_t_c"}
type operation struct {
	Op      string         `json:"op"`
	Table   string         `json:"table,omitempty"`
	From    string         `json:"from,omitempty"`
	To      string         `json:"to,omitempty"`
	Name    string         `json:"name,omitempty"`
	Column  *columnState   `json:"column,omitempty"`
	Columns []*columnState `json:"columns,omitempty"`
	Index   *indexState    `json:"index,omitempty"`
}

// validate checks that an operation has the fields its kind needs, and
// only those, with plain identifiers.
func (op *operation) validate() error {
	var need []string
	switch op.Op {
	case opCreateTable:
		need = []string{"table", "columns"}
	case opDropTable:
		need = []string{"table"}
	case opRenameTable:
		need = []string{"from", "to"}
	case opAddColumn, opAlterColumn:
		need = []string{"table", "column"}
	case opDropColumn, opDropIndex:
		need = []string{"table", "name"}
	case opRenameColumn:
		need = []string{"table", "from", "to"}
	case opAddIndex:
		need = []string{"table", "index"}
	default:
		return fmt.Errorf("unknown operation %q (want CreateTable, DropTable, RenameTable, AddColumn, DropColumn, AlterColumn, RenameColumn, AddIndex or DropIndex)", op.Op)
	}
	has := map[string]bool{
		"table": op.Table != "", "from": op.From != "", "to": op.To != "", "name": op.Name != "",
		"column": op.Column != nil, "columns": len(op.Columns) > 0, "index": op.Index != nil,
	}
	for _, k := range need {
		if !has[k] {
			return fmt.Errorf("%s needs %q", op.Op, k)
		}
		delete(has, k)
	}
	for k, v := range has {
		if v {
			return fmt.Errorf("%s does not take %q", op.Op, k)
		}
	}
	for _, id := range []string{op.Table, op.From, op.To, op.Name} {
		if id != "" && !validIdent(id) {
			return fmt.Errorf("%s: %q is not a plain identifier", op.Op, id)
		}
	}
	for _, c := range append(op.Columns, op.Column) {
		if c == nil {
			continue
		}
		if err := validateColumn(c); err != nil {
			return fmt.Errorf("%s %s: %w", op.Op, op.Table, err)
		}
	}
	if op.Index != nil {
		if err := validateIndex(op.Index); err != nil {
			return fmt.Errorf("%s %s: %w", op.Op, op.Table, err)
		}
	}
	return nil
}

// describe is an operation in words, for the file's header.
func (op *operation) describe() string {
	switch op.Op {
	case opCreateTable:
		return "Create table " + op.Table
	case opDropTable:
		return "Drop table " + op.Table + " (its rows are deleted)"
	case opRenameTable:
		return "Rename table " + op.From + " to " + op.To
	case opAddColumn:
		return "Add column " + op.Table + "." + op.Column.Name
	case opDropColumn:
		return "Drop column " + op.Table + "." + op.Name + " (its values are deleted)"
	case opAlterColumn:
		return "Alter column " + op.Table + "." + op.Column.Name
	case opRenameColumn:
		return "Rename column " + op.Table + "." + op.From + " to " + op.To
	case opAddIndex:
		kind := "index"
		if op.Index.Unique {
			kind = "unique index"
		}
		return "Add " + kind + " " + op.Index.Name + " on " + op.Table + " (" + strings.Join(op.Index.Columns, ", ") + ")"
	case opDropIndex:
		return "Drop index " + op.Name + " on " + op.Table
	}
	return op.Op
}

// dialectNames are the dialects a migration has SQL for.
var dialectNames = []string{"sqlite", "postgres"}

// migration is a parsed migration file.
type migration struct {
	Name     string // 0002_add_blog_post_slug
	Number   int
	Ops      []*operation
	sections map[string]*section // "up sqlite", "down postgres", ...
}

// section is the SQL of one direction and dialect.
type section struct {
	key          string // "up sqlite"
	body         string // as written
	fkOff        bool
	irreversible bool
	stmts        []statement
}

// statement is one SQL statement of a section, with the line of the
// file it starts on.
type statement struct {
	text string
	line int
}

// migrationNameRE is a migration file's name.
var migrationNameRE = regexp.MustCompile(`^([0-9]{4,})_([A-Za-z0-9_]+)\.sql$`)

// loadMigrations reads and parses the migrations in fsys's top
// directory, in order. Files not ending in .sql are ignored; .sql files
// not named NNNN_name.sql, and two migrations with one number (made on
// two branches), are errors.
func loadMigrations(fsys fs.FS) ([]*migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("orm: reading the migrations: %w", err)
	}
	var out []*migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		m := migrationNameRE.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("orm: migration file %s: want a name like 0001_initial.sql (digits, '_', letters, digits or '_')", e.Name())
		}
		data, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("orm: reading migration %s: %w", e.Name(), err)
		}
		mig, err := parseMigration(strings.TrimSuffix(e.Name(), ".sql"), data)
		if err != nil {
			return nil, err
		}
		mig.Number, _ = strconv.Atoi(m[1])
		out = append(out, mig)
	}
	if len(out) == 0 {
		for _, e := range entries {
			if sub, _ := fs.Glob(fsys, e.Name()+"/*.sql"); e.IsDir() && len(sub) > 0 {
				return nil, fmt.Errorf("orm: the migrations are in the directory %s of the file system given: pass fs.Sub(fsys, %q)", e.Name(), e.Name())
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Number != out[j].Number {
			return out[i].Number < out[j].Number
		}
		return out[i].Name < out[j].Name
	})
	for i := 1; i < len(out); i++ {
		if out[i].Number == out[i-1].Number {
			return nil, fmt.Errorf("orm: conflicting migrations %s and %s have one number (made on two branches?): renumber the later one, and check its operations against the other's", out[i-1].Name, out[i].Name)
		}
	}
	return out, nil
}

// parseMigration parses a migration file's text.
func parseMigration(name string, data []byte) (*migration, error) {
	fail := func(line int, format string, args ...any) error {
		return fmt.Errorf("orm: migration %s.sql:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	mig := &migration{Name: name, sections: map[string]*section{}}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(text, "\n")

	const (
		inHeader = iota
		inOps
		inSection
	)
	state := inHeader
	var opsJSON strings.Builder
	opsLine := 0
	sawOps := false
	var cur *section
	var body []string // the current section's lines
	bodyLine := 0     // the file line of body[0]

	finishSection := func() error {
		if cur == nil {
			return nil
		}
		// Trim the blank lines around the body.
		start, end := 0, len(body)
		for start < end && strings.TrimSpace(body[start]) == "" {
			start++
		}
		for end > start && strings.TrimSpace(body[end-1]) == "" {
			end--
		}
		cur.body = strings.Join(body[start:end], "\n")
		stmts, err := sectionStatements(body, bodyLine, cur.key[strings.IndexByte(cur.key, ' ')+1:])
		var le lineError
		if errors.As(err, &le) {
			return fail(le.line, "%s", le.msg)
		}
		cur.stmts = stmts
		mig.sections[cur.key] = cur
		cur, body = nil, nil
		return nil
	}

	for i, raw := range lines {
		ln := i + 1
		line := strings.TrimSpace(raw)
		if rest, ok := strings.CutPrefix(line, directive); ok && (rest == "" || rest[0] == ' ') {
			words := strings.Fields(rest)
			switch {
			case len(words) == 1 && words[0] == "operations":
				if sawOps {
					return nil, fail(ln, "a second operations block")
				}
				if err := finishSection(); err != nil {
					return nil, err
				}
				state, sawOps, opsLine = inOps, true, ln
				continue
			case len(words) == 2 && (words[0] == "up" || words[0] == "down"):
				if !slices.Contains(dialectNames, words[1]) {
					return nil, fail(ln, "unknown dialect %q (want sqlite or postgres)", words[1])
				}
				if err := finishSection(); err != nil {
					return nil, err
				}
				key := words[0] + " " + words[1]
				if _, dup := mig.sections[key]; dup {
					return nil, fail(ln, "a second %q section", key)
				}
				cur, state, body, bodyLine = &section{key: key}, inSection, nil, ln+1
				continue
			case state == inSection && len(words) == 2 && words[0] == "foreign_keys" && words[1] == "off":
				if !strings.HasSuffix(cur.key, "sqlite") {
					return nil, fail(ln, "foreign_keys off is for SQLite sections")
				}
				cur.fkOff = true
			case state == inSection && len(words) == 1 && words[0] == "irreversible":
				if !strings.HasPrefix(cur.key, "down") {
					return nil, fail(ln, "irreversible is for down sections")
				}
				cur.irreversible = true
			case state == inSection && len(words) == 2 && words[0] == "statement" && (words[1] == "begin" || words[1] == "end"):
				// Handled with the section's statements.
			default:
				return nil, fail(ln, "unknown directive %q", line)
			}
		}
		switch state {
		case inHeader:
			if line != "" && !strings.HasPrefix(line, "--") {
				return nil, fail(ln, "SQL before the first section would never run (sections begin with %q)", directive+" up sqlite")
			}
		case inOps:
			if line == "" {
				continue
			}
			c, ok := strings.CutPrefix(line, "--")
			if !ok {
				return nil, fail(ln, "the operations block holds comment lines only (-- {...}); end it with a section")
			}
			opsJSON.WriteString(c)
			opsJSON.WriteByte('\n')
		case inSection:
			body = append(body, raw)
		}
	}
	if err := finishSection(); err != nil {
		return nil, err
	}
	if !sawOps {
		return nil, fail(1, "no %q block", directive+" operations")
	}
	dec := json.NewDecoder(strings.NewReader(opsJSON.String()))
	dec.DisallowUnknownFields()
	for {
		op := new(operation)
		err := dec.Decode(op)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fail(opsLine, "operations: %v", err)
		}
		if err := op.validate(); err != nil {
			return nil, fail(opsLine, "operation %d: %v", len(mig.Ops)+1, err)
		}
		mig.Ops = append(mig.Ops, op)
	}
	for _, d := range dialectNames {
		for _, dir := range []string{"up", "down"} {
			if _, ok := mig.sections[dir+" "+d]; !ok {
				return nil, fail(len(lines), "no %q section", directive+" "+dir+" "+d)
			}
		}
	}
	return mig, nil
}

// lineError is an error at a line of a migration file.
type lineError struct {
	line int
	msg  string
}

func (e lineError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// sectionStatements splits a section's lines (the first being file line
// first) into statements: at semicolons, but a statement block runs whole.
func sectionStatements(lines []string, first int, dialect string) ([]statement, error) {
	var out []statement
	var chunk []string
	chunkLine := first
	flush := func() {
		for _, s := range splitStatements(strings.Join(chunk, "\n"), dialect) {
			s.line += chunkLine - 1
			out = append(out, s)
		}
		chunk = nil
	}
	blockLine := 0
	var block []string
	for i, raw := range lines {
		ln := first + i
		w := strings.Fields(strings.TrimPrefix(strings.TrimSpace(raw), directive))
		isDirective := strings.HasPrefix(strings.TrimSpace(raw), directive)
		switch {
		case isDirective && len(w) == 2 && w[0] == "statement" && w[1] == "begin":
			if blockLine != 0 {
				return nil, lineError{ln, "statement begin inside a statement block"}
			}
			flush()
			blockLine, block = ln, nil
		case isDirective && len(w) == 2 && w[0] == "statement" && w[1] == "end":
			if blockLine == 0 {
				return nil, lineError{ln, "statement end without statement begin"}
			}
			text := strings.TrimSpace(strings.Join(block, "\n"))
			if text != "" {
				out = append(out, statement{text: text, line: blockLine + 1})
			}
			blockLine = 0
			chunkLine = ln + 1
		case blockLine != 0:
			block = append(block, raw)
		default:
			if len(chunk) == 0 {
				chunkLine = ln
			}
			chunk = append(chunk, raw)
		}
	}
	if blockLine != 0 {
		return nil, lineError{blockLine, "statement begin without statement end"}
	}
	flush()
	for _, s := range out {
		if isForeignKeysPragma(s.text) {
			return nil, lineError{s.line, "PRAGMA foreign_keys does nothing inside the migration's transaction: write \"-- +goframe foreign_keys off\" in the section instead"}
		}
	}
	return out, nil
}

// foreignKeysPragmaRE matches PRAGMA foreign_keys (not foreign_key_check).
var foreignKeysPragmaRE = regexp.MustCompile(`(?i)^PRAGMA\s+(main\.)?foreign_keys\b`)

func isForeignKeysPragma(stmt string) bool { return foreignKeysPragmaRE.MatchString(stmt) }

// splitStatements splits SQL text at semicolons outside quotes and
// comments, dropping statements that are only comments. Each
// statement's text has its leading comments and spaces removed and no
// final semicolon; its line is the line of text it starts on (from 1).
// PostgreSQL's dollar quotes ($$...$$, $tag$...$tag$) and E'...' escapes,
// and SQLite's [identifiers] and `identifiers`, are understood.
func splitStatements(text, dialect string) []statement {
	var out []statement
	pg := dialect == "postgres"
	start := 0 // where the current statement's text starts
	line := 1
	startLine := 1
	seen := false // the statement has something besides comments and space
	emit := func(end int) {
		if seen {
			out = append(out, statement{text: strings.TrimSpace(text[start:end]), line: startLine})
		}
		seen = false
	}
	// mark notes where the statement's own text begins (past comments).
	mark := func(i int) {
		if !seen {
			seen = true
			start, startLine = i, line
		}
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\n':
			line++
		case c == ' ' || c == '\t' || c == '\r':
		case c == '-' && i+1 < len(text) && text[i+1] == '-':
			for i < len(text) && text[i] != '\n' {
				i++
			}
			if i < len(text) {
				line++
			}
		case c == '/' && i+1 < len(text) && text[i+1] == '*':
			i += 2
			for i < len(text) && !(text[i] == '*' && i+1 < len(text) && text[i+1] == '/') {
				if text[i] == '\n' {
					line++
				}
				i++
			}
			i++
		case c == ';':
			emit(i)
		case c == '\'' || c == '"' || !pg && c == '`' || !pg && c == '[':
			mark(i)
			closer := c
			if c == '[' {
				closer = ']'
			}
			backslash := pg && c == '\'' && i > 0 && (text[i-1] == 'E' || text[i-1] == 'e') &&
				(i < 2 || !isIdentByte(text[i-2]))
			for i++; i < len(text); i++ {
				if text[i] == '\n' {
					line++
				}
				if backslash && text[i] == '\\' {
					i++
					continue
				}
				if text[i] == closer {
					if closer != ']' && i+1 < len(text) && text[i+1] == closer {
						i++ // a doubled quote
						continue
					}
					break
				}
			}
		case pg && c == '$' && (i == 0 || !isIdentByte(text[i-1])):
			mark(i)
			j := i + 1
			for j < len(text) && isIdentByte(text[j]) {
				j++
			}
			if j < len(text) && text[j] == '$' && (j == i+1 || !(text[i+1] >= '0' && text[i+1] <= '9')) {
				tag := text[i : j+1]
				end := strings.Index(text[j+1:], tag)
				if end < 0 {
					end = len(text) - (j + 1)
				}
				line += strings.Count(text[i:j+1+end], "\n")
				i = j + end + len(tag)
			}
		default:
			mark(i)
		}
	}
	emit(len(text))
	return out
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// formatMigration writes a migration file: a header describing the
// operations, the operations block, and the sections (keyed "up sqlite"
// and so on, each a list of statements and comments, already
// terminated).
func formatMigration(name string, ops []*operation, sections map[string]*generatedSQL) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "-- %s: a goframe migration, written by MakeMigrations.\n", name)
	b.WriteString("--\n")
	if len(ops) == 0 {
		b.WriteString("-- An empty migration: write its SQL in the sections below.\n")
	} else {
		b.WriteString("-- Operations:\n")
		for _, op := range ops {
			fmt.Fprintf(&b, "--   - %s\n", op.describe())
		}
	}
	b.WriteString(`--
-- The operations block records the schema these migrations build:
-- MakeMigrations replays it, so keep it in step with the SQL. Migrate runs
-- the section for the database's dialect, statement by statement, as
-- written, in one transaction; add data-migration statements as needed.
`)
	b.WriteString("\n" + directive + " operations\n")
	for _, op := range ops {
		b.WriteString("-- ")
		enc := json.NewEncoder(&b) // ends the line
		enc.SetEscapeHTML(false)
		if err := enc.Encode(op); err != nil {
			panic(err) // plain data: cannot fail
		}
	}
	for _, d := range dialectNames {
		for _, dir := range []string{"up", "down"} {
			key := dir + " " + d
			fmt.Fprintf(&b, "\n%s %s\n", directive, key)
			g := sections[key]
			if g == nil {
				continue
			}
			if g.fkOff {
				fmt.Fprintf(&b, "%s foreign_keys off\n", directive)
			}
			for _, s := range g.lines {
				b.WriteString(s)
				b.WriteByte('\n')
			}
		}
	}
	return b.Bytes()
}
