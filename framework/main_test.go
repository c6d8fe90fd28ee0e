package framework

import (
	"os"
	"testing"

	"github.com/goframe/goframe/internal/pgtest"
)

// TestMain stops the PostgreSQL server the session store tests started
// (internal/pgtest), once every test of the binary is done.
func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}
