package cli

import "fmt"

// PLACEHOLDER: helpers replace these with new.go, generate.go,
// passthrough.go and serve.go.

// New creates a project.
func New(args []string, env Env) int { fmt.Fprintln(env.Stderr, "goframe new: not yet"); return 1 }

// Generate generates code.
func Generate(args []string, env Env) int {
	fmt.Fprintln(env.Stderr, "goframe generate: not yet")
	return 1
}

// Passthrough runs a command of the project's binary.
func Passthrough(args []string, env Env) int {
	fmt.Fprintf(env.Stderr, "goframe: unknown command %q\n", args[0])
	return 2
}
