package templates

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrorKind classifies template errors as Django's exceptions do.
type ErrorKind uint8

const (
	// KindRender is an error while rendering (a failed method call, a
	// filter's complaint, a panic).
	KindRender ErrorKind = iota
	// KindSyntax is Django's TemplateSyntaxError: the template cannot be
	// compiled.
	KindSyntax
	// KindNotExist is Django's TemplateDoesNotExist.
	KindNotExist
)

// Sentinel errors for errors.Is: every *Error matches the one of its kind.
var (
	// ErrSyntax matches template syntax errors.
	ErrSyntax = errors.New("template syntax error")
	// ErrNotExist matches errors about a template that does not exist.
	ErrNotExist = errors.New("template does not exist")
)

// Error is a template error with its place: the template's name, the
// line and column (1-based; 0 when not known), and the source lines
// around it, for a debug page to show.
type Error struct {
	Kind    ErrorKind
	Name    string // template name
	Line    int
	Column  int
	Message string
	// Missing names the template that does not exist (KindNotExist).
	Missing string
	// Source holds the lines around Line (at most 2 before and after).
	Source []SourceLine
	// Err is the underlying cause, if any (a method's error).
	Err error
}

// SourceLine is one line of template source shown with an error.
type SourceLine struct {
	Number int
	Text   string
}

// Error formats the error as NAME:LINE:COL: message.
func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Name + ": " + e.Message
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Name, e.Line, e.Column, e.Message)
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches ErrSyntax and ErrNotExist by kind.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrSyntax:
		return e.Kind == KindSyntax
	case ErrNotExist:
		return e.Kind == KindNotExist
	}
	return false
}

// source is a template's text with its name.
type source struct {
	name string
	text string
}

// pos is a place in a template's source.
type pos struct {
	src *source
	off int
}

func (p pos) plus(n int) pos { return pos{p.src, p.off + n} }

// lineCol returns the 1-based line and column (in characters) of p.
func (p pos) lineCol() (line, col int) {
	if p.src == nil {
		return 0, 0
	}
	text := p.src.text
	off := min(max(p.off, 0), len(text))
	line = 1 + strings.Count(text[:off], "\n")
	start := strings.LastIndexByte(text[:off], '\n') + 1
	col = 1 + utf8.RuneCountInString(text[start:off])
	return line, col
}

// newError builds an error of kind at p.
func (p pos) newError(kind ErrorKind, msg string) *Error {
	e := &Error{Kind: kind, Message: msg}
	if p.src == nil {
		return e
	}
	e.Name = p.src.name
	e.Line, e.Column = p.lineCol()
	lines := strings.Split(p.src.text, "\n")
	for n := max(1, e.Line-2); n <= min(len(lines), e.Line+2); n++ {
		e.Source = append(e.Source, SourceLine{Number: n, Text: strings.TrimSuffix(lines[n-1], "\r")})
	}
	return e
}

// errorf is a syntax error at p plus delta.
func (p pos) errorf(delta int, format string, args ...any) *Error {
	return p.plus(delta).newError(KindSyntax, fmt.Sprintf(format, args...))
}

// renderErrorf is a render error at p.
func (p pos) renderErrorf(format string, args ...any) *Error {
	return p.newError(KindRender, fmt.Sprintf(format, args...))
}

// wrap gives err the position p unless it already has one.
func (p pos) wrap(err error) error {
	if err == nil {
		return nil
	}
	var te *Error
	if errors.As(err, &te) {
		return err
	}
	e := p.newError(KindRender, err.Error())
	e.Err = err
	return e
}

// notExist is the error for a template name that no loader has.
func notExist(at pos, name string) *Error {
	if at.src == nil {
		return &Error{Kind: KindNotExist, Name: name, Message: "template does not exist", Missing: name}
	}
	e := at.newError(KindNotExist, name+": template does not exist")
	e.Missing = name
	return e
}
