package uwsgi

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
)

// body is a request body: the next remaining bytes of the stream.
type body struct {
	mu        sync.Mutex
	r         *bufio.Reader
	remaining int64
	err       error // sticky: io.EOF once all was read, or io.ErrUnexpectedEOF
	closed    bool
	onEOF     func() // called once, under mu, when the last byte was read

	done atomic.Bool // all bytes were read; readable without mu
}

func (b *body) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, http.ErrBodyReadAfterClose
	}
	if b.err != nil {
		return 0, b.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if int64(len(p)) > b.remaining {
		p = p[:b.remaining]
	}
	n, err := b.r.Read(p)
	b.remaining -= int64(n)
	switch {
	case b.remaining == 0:
		err = io.EOF
		b.err = err
		b.done.Store(true)
		if f := b.onEOF; f != nil {
			b.onEOF = nil
			f()
		}
	case errors.Is(err, io.EOF):
		err = io.ErrUnexpectedEOF
		b.err = err
	}
	// Other errors are not sticky: a handler may extend a read deadline
	// through http.ResponseController and read on.
	return n, err
}

// Close makes further reads fail; the unread rest stays on the stream.
func (b *body) Close() error {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	return nil
}
