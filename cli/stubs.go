package cli

import "fmt"

// PLACEHOLDER: a helper replaces this with serve.go.

// Serve builds and serves the project.
func Serve(args []string, env Env) int { fmt.Fprintln(env.Stderr, "goframe serve: not yet"); return 1 }
