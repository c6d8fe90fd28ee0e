package main

import (
	"net"
	"testing"

	"github.com/goframe/goframe/bench/internal/tfbtest"
)

func TestEndpoints(t *testing.T) {
	env, path := tfbtest.Env(t)
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
