package accesslog

import (
	"errors"
	"fmt"
	"os"
	"sync"
)

// Logger writes access log lines to a file, standard output or nowhere.
// It is safe for concurrent use. A nil *Logger is a disabled one.
type Logger struct {
	path   string
	format *Format // nil: JSON lines

	mu     sync.RWMutex // guards file; held for reading while writing a line
	file   *os.File     // nil when disabled or closed
	closed bool
}

// JSON is the access_log_format value that selects JSON lines.
const JSON = "json"

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// Open returns a Logger writing to path: a file path (created if need be,
// appended to, mode 0644 before the umask), "-" for standard output, or ""
// for none (a disabled Logger; the format is still checked). format is a
// Gunicorn access_log_format, "" for DefaultFormat, or "json" for JSON
// lines (see AppendJSON).
func Open(path, format string) (*Logger, error) {
	l := &Logger{path: path}
	switch format {
	case JSON:
	case "":
		l.format, _ = Compile(DefaultFormat)
	default:
		f, err := Compile(format)
		if err != nil {
			return nil, err
		}
		l.format = f
	}
	switch path {
	case "":
	case "-":
		l.file = os.Stdout
	default:
		f, err := openFile(path)
		if err != nil {
			return nil, err
		}
		l.file = f
	}
	return l, nil
}

func openFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("accesslog: %w", err)
	}
	return f, nil
}

// Enabled reports whether Log writes anywhere, so that a caller can skip
// gathering an Entry.
func (l *Logger) Enabled() bool {
	if l == nil {
		return false
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.file != nil
}

// Append renders e as the Logger formats it (a format line or a JSON
// object), without a newline.
func (l *Logger) Append(dst []byte, e *Entry) []byte {
	if l.format == nil {
		return AppendJSON(dst, e)
	}
	return l.format.Append(dst, e)
}

// Log writes the line for e. The line and its newline are built in a
// pooled buffer and written with a single write(2), so concurrent writers,
// even in other processes appending to the same file, do not interleave.
// Write errors are dropped: an access log must not fail a request.
func (l *Logger) Log(e *Entry) {
	if l == nil || l.path == "" {
		return
	}
	bp := bufPool.Get().(*[]byte)
	b := l.Append((*bp)[:0], e)
	b = append(b, '\n')

	l.mu.RLock()
	if l.file != nil {
		_, _ = l.file.Write(b)
	}
	l.mu.RUnlock()

	if cap(b) <= 64<<10 {
		*bp = b[:0]
		bufPool.Put(bp)
	}
}

// Reopen closes and reopens the log file, so that after logrotate renames
// it (and the master sends SIGUSR1) lines go to a new file at the path. If
// opening fails, the Logger keeps writing to the old file and returns the
// error. For standard output, a disabled or a closed Logger it does nothing.
func (l *Logger) Reopen() error {
	if l == nil || l.path == "" || l.path == "-" {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	f, err := openFile(l.path)
	if err != nil {
		return err
	}
	old := l.file
	l.file = f
	if old != nil {
		if err := old.Close(); err != nil {
			return fmt.Errorf("accesslog: closing the old file: %w", err)
		}
	}
	return nil
}

// Close closes the log file (never standard output). Later calls to Log do
// nothing; Close may be called more than once.
func (l *Logger) Close() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.file
	l.file, l.closed = nil, true
	if f == nil || f == os.Stdout {
		return nil
	}
	if err := f.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("accesslog: %w", err)
	}
	return nil
}
