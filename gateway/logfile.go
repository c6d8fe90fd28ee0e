package gateway

import (
	"io"
	"os"
	"sync"
)

// logFile is the error log's destination: standard error, or a file that
// SIGUSR1 reopens (after logrotate renamed it).
type logFile struct {
	mu   sync.Mutex
	path string // "" when writing to a stream
	w    io.Writer
	f    *os.File
}

func openErrorLog(path string, stderr io.Writer) (*logFile, error) {
	if path == "" || path == "-" {
		return &logFile{w: stderr}, nil
	}
	l := &logFile{path: path}
	if err := l.Reopen(); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *logFile) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// Reopen opens the path anew; a stream is left as it is.
func (l *logFile) Reopen() error {
	if l.path == "" {
		return nil
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	l.mu.Lock()
	old := l.f
	l.f, l.w = f, f
	l.mu.Unlock()
	if old != nil {
		old.Close()
	}
	return nil
}

// Close closes the file, if any.
func (l *logFile) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		return l.f.Close()
	}
	return nil
}
