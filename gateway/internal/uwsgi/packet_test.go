package uwsgi

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestAppendPacketRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		vars [][2]string
		want []byte
	}{
		{"empty", nil, []byte{0, 0, 0, 0}},
		{"one", [][2]string{{"A", "bc"}}, []byte{0, 7, 0, 0, 1, 0, 'A', 2, 0, 'b', 'c'}},
		{"empty value", [][2]string{{"K", ""}}, []byte{0, 5, 0, 0, 1, 0, 'K', 0, 0}},
		{"long value", [][2]string{{"K", strings.Repeat("x", 300)}}, nil},
		{"max", [][2]string{{"K", strings.Repeat("x", maxDataSize-5)}}, nil},
		{"repeated", [][2]string{{"HTTP_X", "1"}, {"HTTP_X", "2"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pkt := AppendPacket([]byte("prefix"), tt.vars)
			if !bytes.HasPrefix(pkt, []byte("prefix")) {
				t.Fatalf("AppendPacket dropped dst")
			}
			pkt = pkt[len("prefix"):]
			if tt.want != nil && !bytes.Equal(pkt, tt.want) {
				t.Fatalf("AppendPacket = %v, want %v", pkt, tt.want)
			}
			got, err := readPacket(bufio.NewReader(bytes.NewReader(pkt)), Limits{})
			if err != nil {
				t.Fatalf("readPacket: %v", err)
			}
			if len(got) != len(tt.vars) || (len(got) > 0 && !reflect.DeepEqual(got, tt.vars)) {
				t.Fatalf("readPacket = %q, want %q", got, tt.vars)
			}
		})
	}
}

func TestAppendPacketPanics(t *testing.T) {
	for name, v := range map[string][][2]string{
		"long key":   {{strings.Repeat("k", maxDataSize+1), ""}},
		"long value": {{"K", strings.Repeat("v", maxDataSize+1)}},
		"long block": {{"K", strings.Repeat("v", maxDataSize-4)}},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			AppendPacket(nil, v)
		})
	}
}

func TestReadRequestMalformed(t *testing.T) {
	good := AppendPacket(nil, vars("GET", "/"))
	block := func(b ...byte) []byte { // a packet with a raw vars block
		return append([]byte{0, byte(len(b)), byte(len(b) >> 8), 0}, b...)
	}
	without := func(key string) []byte {
		var v [][2]string
		for _, kv := range vars("GET", "/") {
			if kv[0] != key {
				v = append(v, kv)
			}
		}
		return AppendPacket(nil, v)
	}
	with := func(extra ...[2]string) []byte { return AppendPacket(nil, vars("GET", "/", extra...)) }
	set := func(key, val string) []byte {
		v := vars("GET", "/")
		for i := range v {
			if v[i][0] == key {
				v[i][1] = val
			}
		}
		return AppendPacket(nil, v)
	}
	tests := []struct {
		name   string
		pkt    []byte
		status int // 0: io.EOF
	}{
		{"empty stream", nil, 0},
		{"truncated header", []byte{0, 5}, 400},
		{"modifier1", append([]byte{1}, good[1:]...), 400},
		{"modifier1 http", []byte("GET / HTTP/1.1\r\n\r\n"), 400},
		{"modifier2", append(append([]byte{}, good[:3]...), append([]byte{1}, good[4:]...)...), 400},
		{"truncated block", good[:len(good)-1], 400},
		{"datasize short", append([]byte{0, byte(len(good) - 5), 0, 0}, good[4:]...), 400},
		{"datasize zero", []byte{0, 0, 0, 0}, 400},
		{"key past block", block(9, 0, 'A'), 400},
		{"value past block", block(1, 0, 'A', 9, 0, 'b'), 400},
		{"half a size", block(1, 0, 'A', 0, 0, 7), 400},
		{"no value size", block(1, 0, 'A'), 400},
		{"empty key", block(0, 0, 1, 0, 'x'), 400},
		{"no method", without("REQUEST_METHOD"), 400},
		{"no uri", without("REQUEST_URI"), 400},
		{"no protocol", without("SERVER_PROTOCOL"), 400},
		{"empty method", set("REQUEST_METHOD", ""), 400},
		{"method space", set("REQUEST_METHOD", "GE T"), 400},
		{"method ctl", set("REQUEST_METHOD", "GET\x00"), 400},
		{"method slash", set("REQUEST_METHOD", "GET/"), 400},
		{"protocol short", set("SERVER_PROTOCOL", "HTTP/1"), 400},
		{"protocol name", set("SERVER_PROTOCOL", "FTP/1.1"), 400},
		{"protocol 0.9", set("SERVER_PROTOCOL", "HTTP/0.9"), 400},
		{"uri relative", set("REQUEST_URI", "index.html"), 400},
		{"uri space", set("REQUEST_URI", "/a b"), 400},
		{"uri ctl", set("REQUEST_URI", "/a\x7f"), 400},
		{"uri newline", set("REQUEST_URI", "/a\nb"), 400},
		{"host space", set("HTTP_HOST", "a b"), 400},
		{"host slash", set("HTTP_HOST", "a/b"), 400},
		{"repeated host", with([2]string{"HTTP_HOST", "b.example"}), 400},
		{"repeated method", with([2]string{"REQUEST_METHOD", "GET"}), 400},
		{"repeated other", with([2]string{"X", "1"}, [2]string{"X", "2"}), 400},
		{"header ctl", with([2]string{"HTTP_X_A", "a\x01b"}), 400},
		{"header cr", with([2]string{"HTTP_X_A", "a\rb"}), 400},
		{"header lf", with([2]string{"HTTP_X_A", "a\nb"}), 400},
		{"header nul", with([2]string{"HTTP_X_A", "a\x00"}), 400},
		{"header del", with([2]string{"HTTP_X_A", "\x7f"}), 400},
		{"header name empty", with([2]string{"HTTP_", "x"}), 400},
		{"header name lower", with([2]string{"HTTP_x_a", "x"}), 400},
		{"header name dash", with([2]string{"HTTP_X-A", "x"}), 400},
		{"header name space", with([2]string{"HTTP_X A", "x"}), 400},
		{"header name colon", with([2]string{"HTTP_X:A", "x"}), 400},
		{"content type ctl", with([2]string{"CONTENT_TYPE", "text/plain\r\n"}), 400},
		{"content length negative", with([2]string{"CONTENT_LENGTH", "-1"}), 400},
		{"content length plus", with([2]string{"CONTENT_LENGTH", "+1"}), 400},
		{"content length space", with([2]string{"CONTENT_LENGTH", " 1"}), 400},
		{"content length word", with([2]string{"CONTENT_LENGTH", "abc"}), 400},
		{"content length list", with([2]string{"CONTENT_LENGTH", "1, 1"}), 400},
		{"content length overflow", with([2]string{"CONTENT_LENGTH", "99999999999999999999"}), 400},
		{"chunked without length", with([2]string{"HTTP_TRANSFER_ENCODING", "chunked"}), 400},
		{"header length only", with([2]string{"HTTP_CONTENT_LENGTH", "5"}), 400},
		{"header length list", with([2]string{"HTTP_CONTENT_LENGTH", "0, 5"}), 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parse(tt.pkt, Limits{})
			if tt.status == 0 {
				if !errors.Is(err, io.EOF) {
					t.Fatalf("err = %v, want io.EOF", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v (%T), request %+v; want *Error", err, err, r)
			}
			if e.Status != tt.status {
				t.Fatalf("status = %d (%s), want %d", e.Status, e.Reason, tt.status)
			}
			if !strings.HasPrefix(e.Error(), "uwsgi: ") {
				t.Errorf("Error() = %q", e.Error())
			}
		})
	}
}
