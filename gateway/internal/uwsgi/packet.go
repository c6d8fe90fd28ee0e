package uwsgi

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
)

// The uwsgi packet header is modifier1 (uint8), datasize (uint16,
// little-endian) and modifier2 (uint8). For modifier1 = 0, modifier2 = 0 (a
// WSGI request, the only kind nginx's uwsgi module sends unless configured
// otherwise with uwsgi_modifier1/uwsgi_modifier2) datasize is the size of
// the vars block that follows; each var is key_size (uint16le), key,
// val_size (uint16le), value. The request body, CONTENT_LENGTH bytes,
// follows the vars block on the stream.
const (
	headerSize  = 4
	maxDataSize = 1<<16 - 1 // datasize is a uint16
)

// AppendPacket appends to dst a uwsgi request packet (modifier1 = 0,
// modifier2 = 0) whose vars block holds vars in order, and returns the
// extended slice. The request body, if any, is to be sent after it. Keys may
// repeat. AppendPacket panics if a key or a value is longer than 65535 bytes
// or the vars block would be, which the protocol cannot express.
func AppendPacket(dst []byte, vars [][2]string) []byte {
	size := 0
	for _, kv := range vars {
		if len(kv[0]) > maxDataSize || len(kv[1]) > maxDataSize {
			panic("uwsgi: AppendPacket: var longer than 65535 bytes")
		}
		size += 4 + len(kv[0]) + len(kv[1])
	}
	if size > maxDataSize {
		panic("uwsgi: AppendPacket: vars block longer than 65535 bytes")
	}
	dst = append(dst, 0, byte(size), byte(size>>8), 0)
	for _, kv := range vars {
		dst = binary.LittleEndian.AppendUint16(dst, uint16(len(kv[0])))
		dst = append(dst, kv[0]...)
		dst = binary.LittleEndian.AppendUint16(dst, uint16(len(kv[1])))
		dst = append(dst, kv[1]...)
	}
	return dst
}

// readPacket reads one packet header and its vars block from r and splits
// the block into vars, in packet order. It returns io.EOF if r ends before
// the first byte, an *Error for a malformed or over-limit packet (a stream
// ending inside the packet is malformed), and any other read error as is.
func readPacket(r *bufio.Reader, l Limits) ([][2]string, error) {
	var h [headerSize]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, badRequest("truncated packet header")
		}
		return nil, err
	}
	if h[0] != 0 {
		return nil, badRequest("unsupported packet modifier1 (only 0, a WSGI request, is served)")
	}
	if h[3] != 0 {
		return nil, badRequest("unsupported packet modifier2 (only 0 is served)")
	}
	size := int(binary.LittleEndian.Uint16(h[1:3]))
	if l.MaxPacket > 0 && size > l.MaxPacket {
		return nil, tooLarge("vars block larger than the limit")
	}
	buf := make([]byte, size)
	if _, err := io.ReadFull(r, buf); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, badRequest("truncated vars block")
		}
		return nil, err
	}
	s := string(buf) // one allocation; keys and values are substrings
	vars := make([][2]string, 0, 24)
	for len(s) > 0 {
		k, rest, ok := cutSized(s)
		if !ok {
			return nil, badRequest("var name runs past the vars block")
		}
		v, rest, ok := cutSized(rest)
		if !ok {
			return nil, badRequest("var value runs past the vars block")
		}
		if k == "" {
			return nil, badRequest("empty var name")
		}
		vars = append(vars, [2]string{k, v})
		s = rest
	}
	return vars, nil
}

// cutSized splits a uint16le-length-prefixed string off the front of s.
func cutSized(s string) (field, rest string, ok bool) {
	if len(s) < 2 {
		return "", "", false
	}
	n := int(s[0]) | int(s[1])<<8
	s = s[2:]
	if n > len(s) {
		return "", "", false
	}
	return s[:n], s[n:], true
}
