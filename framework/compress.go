package framework

import (
	"bufio"
	"fmt"
	"mime"
	"net"
	"net/http"
	"strings"

	"github.com/klauspost/compress/gzhttp"
)

// CompressOption configures Compress.
type CompressOption func(*compressConfig)

type compressConfig struct {
	minSize   int
	level     int
	types     []string
	encodings []string
}

// DefaultCompressMinSize is the smallest body Compress compresses: below
// about one packet, compression saves nothing.
const DefaultCompressMinSize = gzhttp.DefaultMinSize

// compressTypes are the content types Compress compresses by default:
// text and the structured text formats. Images other than SVG, audio,
// video, fonts in WOFF/WOFF2 and archives are compressed already.
var compressTypes = []string{
	"text/*",
	"application/json", "application/*+json", "application/x-ndjson",
	"application/javascript", "application/x-javascript", "application/ecmascript",
	"application/xml", "application/*+xml",
	"application/wasm",
	"image/svg+xml", "image/x-icon", "image/vnd.microsoft.icon", "image/bmp",
	"font/ttf", "font/otf", "application/vnd.ms-fontobject",
}

// CompressMinSize sets the smallest body compressed (default
// DefaultCompressMinSize bytes).
func CompressMinSize(n int) CompressOption { return func(c *compressConfig) { c.minSize = n } }

// CompressLevel sets the gzip level, 1 (fastest) to 9 (smallest); the
// default is 6, as gzip's.
func CompressLevel(level int) CompressOption { return func(c *compressConfig) { c.level = level } }

// CompressContentTypes replaces the content types compressed: exact
// ("application/json"), a whole type ("text/*"), or a structured syntax
// suffix ("application/*+json"). The default covers text, JSON,
// JavaScript, XML, SVG, WebAssembly and uncompressed fonts.
func CompressContentTypes(types ...string) CompressOption {
	return func(c *compressConfig) { c.types = types }
}

// CompressEncodings sets the encodings offered, among "gzip" and "zstd"
// (default both; zstd is chosen when the client accepts both equally).
func CompressEncodings(encodings ...string) CompressOption {
	return func(c *compressConfig) { c.encodings = encodings }
}

// Compress returns middleware that compresses responses with gzip or
// zstd (github.com/klauspost/compress/gzhttp) for clients that accept
// them (Accept-Encoding, with its q-values), when the body is at least
// the minimum size and of a compressible content type. Every response
// gets Vary: Accept-Encoding. A compressed response loses its
// Content-Length and Accept-Ranges, and its ETag becomes weak (W/"..."),
// as Django's GZipMiddleware does, so that conditional requests still
// get 304. It leaves alone HEAD requests, 204 and 304 responses, partial
// content (206, Content-Range), bodies the handler encoded itself
// (Content-Encoding set), and responses with the No-Gzip-Compression
// header. Streams (server-sent events) are compressed and flushed as the
// handler flushes. Bad options panic at start-up.
//
// Compress is opt-in: app.Use(framework.Compress()). Often the proxy in
// front (nginx's gzip) is the better place for it.
//
// Compressing a response that holds both a secret and text an attacker
// chooses (a reflected query parameter) exposes the secret to the BREACH
// attack, which guesses it from the compressed sizes. The CSRF token is
// safe (masked differently in every response); keep other secrets (API
// keys, personal data beside echoed input) out of compressed responses,
// or set the No-Gzip-Compression header on them.
func Compress(opts ...CompressOption) func(http.Handler) http.Handler {
	c := compressConfig{minSize: DefaultCompressMinSize, level: 6, types: compressTypes, encodings: []string{"gzip", "zstd"}}
	for _, o := range opts {
		o(&c)
	}
	if c.minSize < 0 {
		panic(fmt.Sprintf("framework: Compress: minimum size %d is negative", c.minSize))
	}
	if c.level < 1 || c.level > 9 {
		panic(fmt.Sprintf("framework: Compress: gzip level %d is not between 1 and 9", c.level))
	}
	if len(c.encodings) == 0 {
		panic("framework: Compress: no encodings: give gzip, zstd or both")
	}
	for _, t := range c.types {
		typ, sub, _ := strings.Cut(t, "/")
		if _, _, err := mime.ParseMediaType(strings.Replace(t, "*", "x", 1)); err != nil || typ == "" || sub == "" || strings.Contains(typ, "*") {
			panic(fmt.Sprintf("framework: Compress: content type %q: want type/subtype, type/* or type/*+suffix", t))
		}
	}
	var gzip, zstd bool
	for _, e := range c.encodings {
		switch e {
		case "gzip":
			gzip = true
		case "zstd":
			zstd = true
		default:
			panic(fmt.Sprintf("framework: Compress: unknown encoding %q: want gzip or zstd", e))
		}
	}
	wrap, err := gzhttp.NewWrapper(
		gzhttp.MinSize(c.minSize),
		gzhttp.CompressionLevel(c.level),
		gzhttp.ContentTypeFilter(contentTypeFilter(c.types)),
		gzhttp.EnableGzip(gzip),
		gzhttp.EnableZstd(zstd),
	)
	if err != nil {
		panic(fmt.Sprintf("framework: Compress: %v", err))
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			st := &compressState{}
			inner := http.HandlerFunc(func(gw http.ResponseWriter, r *http.Request) {
				next.ServeHTTP(&compressIn{ResponseWriter: gw, st: st}, r)
			})
			wrap(inner).ServeHTTP(&compressOut{ResponseWriter: w, st: st}, r)
		})
	}
}

// contentTypeFilter reports whether a content type is one of types.
func contentTypeFilter(types []string) func(string) bool {
	return func(ct string) bool {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil {
			return false
		}
		typ, sub, _ := strings.Cut(mt, "/")
		for _, p := range types {
			pt, ps, _ := strings.Cut(strings.ToLower(p), "/")
			switch {
			case pt != typ:
			case ps == "*", ps == sub:
				return true
			case strings.HasPrefix(ps, "*+") && strings.HasSuffix(sub, ps[1:]):
				return true
			}
		}
		return false
	}
}

// compressState notes whether the handler encoded the body itself, so
// that only the ETag of a body Compress encoded is weakened.
type compressState struct {
	noted, handlerEncoded, weakened bool
}

// compressIn is the writer the handler gets: it notes the handler's
// Content-Encoding when the response begins.
type compressIn struct {
	http.ResponseWriter
	st *compressState
}

func (w *compressIn) note() {
	if !w.st.noted {
		w.st.noted = true
		w.st.handlerEncoded = w.Header().Get("Content-Encoding") != ""
	}
}

// WriteHeader notes the encoding, then passes on.
func (w *compressIn) WriteHeader(code int) {
	if code >= 200 {
		w.note()
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write notes the encoding, then passes on.
func (w *compressIn) Write(b []byte) (int, error) {
	w.note()
	return w.ResponseWriter.Write(b)
}

// Flush flushes the compressor and the connection.
func (w *compressIn) Flush() { w.FlushError() }

// FlushError flushes, as http.ResponseController asks.
func (w *compressIn) FlushError() error {
	w.note()
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack hands over the connection.
func (w *compressIn) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap lets http.ResponseController reach the connection.
func (w *compressIn) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// compressOut is the writer gzhttp writes to: when the header goes out
// with an encoding Compress chose, it weakens the ETag.
type compressOut struct {
	http.ResponseWriter
	st *compressState
}

func (w *compressOut) weaken() {
	if w.st.weakened {
		return
	}
	w.st.weakened = true
	h := w.Header()
	if w.st.handlerEncoded || h.Get("Content-Encoding") == "" {
		return
	}
	if etag := h.Get("Etag"); strings.HasPrefix(etag, `"`) {
		h.Set("Etag", "W/"+etag)
	}
}

// WriteHeader weakens the ETag of a compressed body, then passes on.
func (w *compressOut) WriteHeader(code int) {
	if code >= 200 {
		w.weaken()
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write weakens the ETag of a compressed body, then passes on.
func (w *compressOut) Write(b []byte) (int, error) {
	w.weaken()
	return w.ResponseWriter.Write(b)
}

// Flush flushes the connection (gzhttp asks for an http.Flusher).
func (w *compressOut) Flush() {
	w.weaken()
	http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack hands over the connection (gzhttp asks for an http.Hijacker).
func (w *compressOut) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap lets http.ResponseController reach the connection.
func (w *compressOut) Unwrap() http.ResponseWriter { return w.ResponseWriter }
