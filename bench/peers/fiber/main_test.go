package main

import (
	"context"
	"net"
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
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a := app(env)
	done := make(chan error, 1)
	go func() { done <- a.Listener(ln) }()
	t.Cleanup(func() {
		if err := a.Shutdown(); err != nil {
			t.Errorf("shutting fiber down: %v", err)
		}
		if err := <-done; err != nil {
			t.Errorf("fiber's Listener: %v", err)
		}
	})
	tfbtest.Run(t, "http://"+ln.Addr().String(), path)
}
