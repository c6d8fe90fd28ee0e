package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/goframe/goframe/orm"
)

// BenchmarkEndpoints serves each test type in process (the whole
// middleware chain, no sockets): where the time goes before the gateway.
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
	for _, path := range []string{"/plaintext", "/json", "/db", "/queries?queries=20", "/fortunes", "/updates?queries=20", "/cached-queries?count=20"} {
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := httptest.NewRequest(http.MethodGet, "http://localhost"+path, nil)
					w := httptest.NewRecorder()
					bb.app.ServeHTTP(w, req)
					if w.Code != http.StatusOK {
						b.Fatalf("%s: status %d: %s", path, w.Code, w.Body)
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
