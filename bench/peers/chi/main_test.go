package main

import (
	"testing"

	"github.com/goframe/goframe/bench/internal/tfbtest"
)

func TestEndpoints(t *testing.T) { tfbtest.RunHandler(t, handler) }

// BenchmarkHandler serves each of the harness's tests in process (no
// sockets); bench/harness runs it.
func BenchmarkHandler(b *testing.B) { tfbtest.Bench(b, handler) }
