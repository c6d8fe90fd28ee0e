package h1_test

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/goframe/goframe/gateway/internal/h1"
)

const (
	// get200 is a 205-byte GET head, typical of API clients.
	get200 = "GET /api/v1/items?page=2&sort=name HTTP/1.1\r\n" +
		"Host: api.example.com\r\n" +
		"User-Agent: goframe-bench/1.0 (linux; amd64)\r\n" +
		"Accept: application/json\r\n" +
		"Accept-Encoding: gzip\r\n" +
		"Authorization: Bearer 0123456789abcdef\r\n\r\n"
	// browser is a browser navigation head (762 bytes).
	browser = "GET /articles/2024/streaming-parsers?ref=home HTTP/1.1\r\n" +
		"Host: www.example.com\r\n" +
		"Connection: keep-alive\r\n" +
		"sec-ch-ua: \"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\", \"Not-A.Brand\";v=\"99\"\r\n" +
		"sec-ch-ua-mobile: ?0\r\n" +
		"sec-ch-ua-platform: \"Linux\"\r\n" +
		"Upgrade-Insecure-Requests: 1\r\n" +
		"User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36\r\n" +
		"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8\r\n" +
		"Sec-Fetch-Site: same-origin\r\n" +
		"Sec-Fetch-Mode: navigate\r\n" +
		"Sec-Fetch-User: ?1\r\n" +
		"Sec-Fetch-Dest: document\r\n" +
		"Referer: https://www.example.com/\r\n" +
		"Accept-Encoding: gzip, deflate, br, zstd\r\n" +
		"Accept-Language: en-GB,en;q=0.9,fr;q=0.8\r\n" +
		"Cookie: session=6b1c3f0e9a8d4f2b; theme=dark; consent=1\r\n\r\n"
	// chunkedPost is followed by one 1 KiB chunk and the last chunk.
	chunkedPost = "POST /upload HTTP/1.1\r\nHost: api.example.com\r\nContent-Type: application/octet-stream\r\n" +
		"Transfer-Encoding: chunked\r\n\r\n400\r\n"
)

func BenchmarkChecker(b *testing.B) {
	post := chunkedPost + strings.Repeat("x", 0x400) + "\r\n0\r\n\r\n"
	cases := []struct {
		name   string
		stream string
		split  int // bytes per Write, 0: all at once
	}{
		{"get200", get200, 0},
		{"browser", browser, 0},
		{"pipelined16", strings.Repeat(get200, 16), 0},
		{"chunked1KiB", post, 0},
		{"get200/split64", get200, 64},
		{"browser/bytewise", browser, 1},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			raw := []byte(bc.stream)
			n := strings.Count(bc.stream, " HTTP/1.1\r\n")
			c := h1.NewChecker(h1.DefaultLimits())
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				c.Reset(h1.DefaultLimits())
				if bc.split == 0 {
					if _, err := c.Write(raw); err != nil {
						b.Fatal(err)
					}
				} else {
					for p := raw; len(p) > 0; {
						k := min(bc.split, len(p))
						if _, err := c.Write(p[:k]); err != nil {
							b.Fatal(err)
						}
						p = p[k:]
					}
				}
				if c.Requests() != n || c.Safe() != int64(len(raw)) {
					b.Fatalf("requests %d safe %d", c.Requests(), c.Safe())
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/request")
		})
	}
}

// BenchmarkNetHTTPReadRequest is net/http's own parsing of the same heads,
// for scale.
func BenchmarkNetHTTPReadRequest(b *testing.B) {
	for _, bc := range []struct{ name, stream string }{{"get200", get200}, {"browser", browser}} {
		b.Run(bc.name, func(b *testing.B) {
			r := strings.NewReader(bc.stream)
			br := bufioReader(r)
			b.SetBytes(int64(len(bc.stream)))
			b.ReportAllocs()
			for b.Loop() {
				r.Reset(bc.stream)
				br.Reset(r)
				if _, err := http.ReadRequest(br); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func bufioReader(r io.Reader) *bufio.Reader { return bufio.NewReader(r) }
