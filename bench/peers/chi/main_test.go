package main

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/goframe/goframe/bench/internal/tfb"
	"github.com/goframe/goframe/bench/internal/tfbtest"
)

func TestEndpoints(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tfb.sqlite3")
	env, err := tfb.NewEnv(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { env.Close() })
	srv := httptest.NewServer(handler(env))
	t.Cleanup(srv.Close)
	tfbtest.Run(t, srv.URL, path)
}
