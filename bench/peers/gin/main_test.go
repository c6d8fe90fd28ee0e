package main

import (
	"testing"

	"github.com/goframe/goframe/bench/internal/tfbtest"
)

func TestEndpoints(t *testing.T) { tfbtest.RunHandler(t, handler) }
