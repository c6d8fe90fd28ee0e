package httpd

import (
	"net/http"
	"time"
)

// dateCache is the Date header's value for one second.
type dateCache struct {
	sec int64
	b   [len(http.TimeFormat)]byte
}

// appendDate appends the current time in the Date header's format,
// formatted once a second rather than once a response.
func (s *Server) appendDate(dst []byte) []byte {
	now := time.Now()
	sec := now.Unix()
	d := s.date.Load()
	if d == nil || d.sec != sec {
		d = &dateCache{sec: sec}
		now.UTC().AppendFormat(d.b[:0], http.TimeFormat)
		s.date.Store(d)
	}
	return append(dst, d.b[:]...)
}
