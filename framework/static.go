package framework

import (
	"net/http"
	"strings"
)

// PLACEHOLDER: the static files helper replaces this file.

type staticFiles struct{ prefix string }

func newStaticFiles(cfg Config) *staticFiles { return &staticFiles{prefix: cfg.StaticURL} }

func (s *staticFiles) middleware(next http.Handler) http.Handler { return next }

func (s *staticFiles) url(path string) string { return s.prefix + strings.TrimPrefix(path, "/") }
