package cli_test

import (
	"fmt"
	"strings"

	"github.com/goframe/goframe/cli"
)

// ExampleServe shows goframe serve's help; run in a project, Serve builds
// it, serves it and rebuilds it on change until SIGINT.
func ExampleServe() {
	var out strings.Builder
	code := cli.Serve([]string{"--help"}, cli.Env{Stdout: &out, Stderr: &out})
	usage, _, _ := strings.Cut(out.String(), "\n")
	fmt.Println(code, usage)
	// Output: 0 usage: goframe serve [--no-reload] [server options]
}
