package gateway

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/goframe/goframe/examples/hello/app"
)

// BenchmarkServe compares the gateway with a bare net/http.Server serving
// the same handler over loopback, with keep-alive clients. Compare the two
// sub-benchmarks' ns/op: the gateway's cost is the ratio.
func BenchmarkServe(b *testing.B) {
	b.Run("net-http", func(b *testing.B) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		srv := &http.Server{Handler: app.Handler()}
		go srv.Serve(l)
		defer srv.Close()
		benchClients(b, l.Addr().String())
	})
	b.Run("gateway", func(b *testing.B) {
		cfg, err := LoadConfig([]string{"-b", "127.0.0.1:0", "--log-level", "error"}, nil)
		if err != nil {
			b.Fatal(err)
		}
		srv, err := NewServer(cfg, app.Handler(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		ls, err := ListenAll(cfg.Bind, ListenOptions{})
		if err != nil {
			b.Fatal(err)
		}
		go srv.Serve(ls)
		defer srv.Close()
		benchClients(b, ls[0].Addr().String())
	})
}

// benchClients runs keep-alive clients in parallel, each on its own
// connection, sending GET / and reading the answer.
func benchClients(b *testing.B, addr string) {
	req := []byte("GET / HTTP/1.1\r\nHost: bench\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n")
	b.ReportAllocs()
	b.SetParallelism(8) // 8 clients per core: the server is the bottleneck
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			b.Error(err)
			return
		}
		defer c.Close()
		br := bufio.NewReader(c)
		for pb.Next() {
			if _, err := c.Write(req); err != nil {
				b.Error(err)
				return
			}
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}
