package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/goframe/goframe/orm"
)

// benchTests are the harness's tests: the names and paths of allTests in
// bench/harness (the reference; its tests check this list against it),
// so that these sub-benchmarks compare with the peers' BenchmarkHandler
// (bench/internal/tfbtest.Bench).
var benchTests = []struct{ name, path string }{
	{"plaintext", "/plaintext"},
	{"json", "/json"},
	{"db", "/db"},
	{"queries", "/queries?queries=20"},
	{"fortunes", "/fortunes"},
	{"updates", "/updates?queries=20"},
	{"cached", "/cached-queries?count=100"},
}

// BenchmarkEndpoints serves each test type in process (the whole
// middleware chain, no sockets): where the time goes before the gateway.
// bench/harness runs it next to the peers' BenchmarkHandler.
//
//	go test -run '^$' -bench . -benchmem ./examples/bench
func BenchmarkEndpoints(b *testing.B) {
	cfg, err := settings()
	if err != nil {
		b.Fatal(err)
	}
	cfg.DatabaseURL = "sqlite:///" + filepath.Join(b.TempDir(), "bench.sqlite3")
	bb := newBench(cfg)
	b.Cleanup(func() { _ = bb.app.Close() })
	if err := bb.prepare(context.Background()); err != nil {
		b.Fatal(err)
	}
	for _, tt := range benchTests {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := httptest.NewRequest(http.MethodGet, "http://localhost"+tt.path, nil)
					w := httptest.NewRecorder()
					bb.app.ServeHTTP(w, req)
					if w.Code != http.StatusOK {
						// Errorf, not Fatalf: this is not the benchmark's
						// goroutine.
						b.Errorf("%s: status %d: %s", tt.path, w.Code, w.Body)
						return
					}
				}
			})
		})
	}
}

// BenchmarkWorldRead compares the ORM's read of one row (orm.Get, through
// its statement cache) with a QuerySet's, to choose what /db uses.
func BenchmarkWorldRead(b *testing.B) {
	cfg, err := settings()
	if err != nil {
		b.Fatal(err)
	}
	cfg.DatabaseURL = "sqlite:///" + filepath.Join(b.TempDir(), "bench.sqlite3")
	bb := newBench(cfg)
	b.Cleanup(func() { _ = bb.app.Close() })
	ctx := context.Background()
	if err := bb.prepare(ctx); err != nil {
		b.Fatal(err)
	}
	db := bb.app.DB()
	b.Run("orm.Get", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := orm.Get[World](ctx, db, randomID()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Objects.Filter.Get", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := orm.Objects[World](db).Filter("id", randomID()).Get(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
