package h1

// chunkSizeLine validates a chunk-size line (RFC 9112 §7.1):
//
//	chunk-size [ chunk-ext ] CRLF
//	chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
//
// net/http refuses whitespace between the size and the first ";" and sizes
// of more than 16 hex digits, so they are refused here too.
func (c *Checker) chunkSizeLine(line []byte) *Error {
	var n uint64
	i := 0
	for i < len(line) && isHex(line[i]) {
		if i == 16 {
			return newError(400, KindInvalidChunkSize, "chunk size has more than 16 hex digits")
		}
		n = n<<4 | uint64(unhex(line[i]))
		i++
	}
	if i == 0 {
		return newError(400, KindInvalidChunkSize, "invalid chunk size line %s", quote(line))
	}
	if n > maxChunkSize {
		return newError(400, KindInvalidChunkSize, "chunk size %#x is too large", n)
	}
	if i < len(line) {
		if line[i] != ';' {
			return newError(400, KindInvalidChunkSize, "invalid byte %s after the chunk size", qbyte(line[i]))
		}
		if !validChunkExt(line[i:]) {
			return newError(400, KindInvalidChunkExtension, "malformed chunk extension %s", quote(line[i:]))
		}
	}
	// net/http's chunkedReader refuses a body whose framing overhead grows
	// beyond 16 KiB: 16 bytes per chunk plus twice the data are free.
	c.excess += int64(len(line)) + 2
	c.excess -= 16 + 2*int64(n)
	if c.excess < 0 {
		c.excess = 0
	}
	if c.excess > maxExcess {
		return newError(400, KindInvalidChunkExtension, "chunked body carries too much non-data (chunk extensions)")
	}
	c.safe = c.off
	if n == 0 {
		c.phase = phTrailer
		c.trailerN = 0
		return nil
	}
	c.state = stChunkData
	c.remaining = int64(n)
	return nil
}

// validChunkExt reports whether b, starting with ';', is a valid chunk-ext.
func validChunkExt(b []byte) bool {
	i := 0
	skipOWS := func() {
		for i < len(b) && isOWS(b[i]) {
			i++
		}
	}
	for i < len(b) {
		if b[i] != ';' {
			return false
		}
		i++
		skipOWS()
		start := i
		for i < len(b) && isTchar(b[i]) {
			i++
		}
		if i == start {
			return false
		}
		skipOWS()
		if i < len(b) && b[i] == '=' {
			i++
			skipOWS()
			switch {
			case i < len(b) && b[i] == '"':
				i++
				for {
					if i >= len(b) {
						return false
					}
					x := b[i]
					if x == '"' {
						i++
						break
					}
					if x == '\\' {
						if i+1 >= len(b) || class[b[i+1]]&cQuotable == 0 {
							return false
						}
						i += 2
						continue
					}
					if class[x]&cQdtext == 0 {
						return false
					}
					i++
				}
			default:
				start = i
				for i < len(b) && isTchar(b[i]) {
					i++
				}
				if i == start {
					return false
				}
			}
			skipOWS()
		}
	}
	return true
}

// trailerLine validates a trailer field line (RFC 9112 §7.1.2), or the
// empty line ending the trailer section and the message.
func (c *Checker) trailerLine(line []byte) *Error {
	if len(line) == 0 {
		c.messageEnd()
		return nil
	}
	c.trailerN += len(line) + 2
	name, value, err := c.splitField(line)
	if err != nil {
		return err
	}
	if fieldFlags[fieldID(name)]&flagNoTrailer != 0 {
		// RFC 9110 §6.5.1: framing, routing, connection, authentication
		// and request-modifier fields cannot be trailers.
		return errHeaderName("field %q is not allowed in a trailer section", name)
	}
	if c.obs != nil {
		c.obs.field(name, value, true)
	}
	return nil
}
