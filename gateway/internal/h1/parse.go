package h1

// Request is one parsed request: what the Checker saw.
type Request struct {
	Method string
	Target string // the request-target as sent (net/http's RequestURI)
	Major  int
	Minor  int
	// Header holds the header fields in order: names as sent, values
	// without surrounding whitespace.
	Header [][2]string
	Body   []byte // decoded (de-chunked)
	// Trailer holds the trailer fields of a chunked body, like Header.
	Trailer [][2]string
}

// Parse validates raw as a whole client stream and returns the requests in
// it, or the first error with the requests complete before it. Data after
// a request that closes the connection (Connection: close, or HTTP/1.0
// without keep-alive) is ignored, as net/http never reads it. After a
// CONNECT or Upgrade request Parse resumes (as if the handler declined the
// connection). A stream ending inside a request is a NoMoreData error (400).
func Parse(raw []byte, l Limits) ([]Request, error) {
	return parseSplit(raw, l, nil, false)
}

// parseSplit is Parse feeding raw to the Checker in pieces of the given
// sizes (cycled; nil = all at once). hostOptional is for tests.
func parseSplit(raw []byte, l Limits, sizes []int, hostOptional bool) ([]Request, error) {
	rec := &recorder{}
	c := NewChecker(l)
	c.obs = rec
	c.hostOptional = hostOptional
	for k := 0; len(raw) > 0; k++ {
		n := len(raw)
		if len(sizes) > 0 {
			n = min(max(sizes[k%len(sizes)], 1), n)
		}
		p := raw[:n]
		for len(p) > 0 {
			m, err := c.Write(p)
			p = p[m:]
			if err == ErrHold {
				c.Resume()
				continue
			}
			if err != nil {
				return rec.done, err
			}
		}
		raw = raw[n:]
	}
	if err := c.Finish(); err != nil {
		return rec.done, err
	}
	return rec.done, nil
}

// recorder is the observer Parse uses.
type recorder struct {
	cur  Request
	done []Request
}

func (r *recorder) requestLine(method, target []byte, major, minor int) {
	r.cur = Request{Method: string(method), Target: string(target), Major: major, Minor: minor}
}

func (r *recorder) field(name, value []byte, trailer bool) {
	f := [2]string{string(name), string(value)}
	if trailer {
		r.cur.Trailer = append(r.cur.Trailer, f)
	} else {
		r.cur.Header = append(r.cur.Header, f)
	}
}

func (r *recorder) body(p []byte) { r.cur.Body = append(r.cur.Body, p...) }

func (r *recorder) messageEnd() {
	r.done = append(r.done, r.cur)
	r.cur = Request{}
}
