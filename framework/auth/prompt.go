package auth

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// errCancelled is a prompt's error when the command's context ends
// (Ctrl-C) or the input does.
var errCancelled = errors.New("operation cancelled")

// prompter asks questions on a command's streams. Passwords are read
// without echo when the input is a terminal (golang.org/x/term), and as
// plain lines otherwise (a script, a test), which is what lets a
// deployment pipe them in.
type prompter struct {
	ctx context.Context
	in  *bufio.Reader
	out io.Writer
	fd  int  // the terminal's file descriptor, when tty
	tty bool // the input is a terminal
}

func newPrompter(ctx context.Context, in io.Reader, out io.Writer) *prompter {
	p := &prompter{ctx: ctx, in: bufio.NewReader(in), out: out}
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.fd, p.tty = int(f.Fd()), true
	}
	return p
}

// line asks question and returns the line typed, without its newline.
func (p *prompter) line(question string) (string, error) {
	fmt.Fprint(p.out, question)
	return p.await(func() (string, error) {
		s, err := p.in.ReadString('\n')
		if err == io.EOF && s != "" {
			err = nil // a last line without a newline
		}
		return strings.TrimRight(s, "\r\n"), err
	}, nil)
}

// password asks question and returns the password typed, unechoed on a
// terminal.
func (p *prompter) password(question string) (string, error) {
	if !p.tty {
		return p.line(question)
	}
	fmt.Fprint(p.out, question)
	st, err := term.GetState(p.fd)
	if err != nil {
		return "", fmt.Errorf("reading the terminal's state: %w", err)
	}
	s, err := p.await(func() (string, error) {
		b, err := term.ReadPassword(p.fd)
		return string(b), err
	}, func() { _ = term.Restore(p.fd, st) })
	fmt.Fprintln(p.out)
	return s, err
}

// await runs read, returning early with errCancelled when the context
// ends (and calling undo, which puts the terminal back); an EOF is
// errCancelled too.
func (p *prompter) await(read func() (string, error), undo func()) (string, error) {
	type result struct {
		s   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		s, err := read()
		ch <- result{s, err}
	}()
	select {
	case r := <-ch:
		if errors.Is(r.err, io.EOF) {
			return "", errCancelled
		}
		return r.s, r.err
	case <-p.ctx.Done():
		if undo != nil {
			undo()
		}
		return "", errCancelled
	}
}
