// Command goframe is the project tool. It renders templates today
// (goframe render); scaffolding and serving projects come with the CLI
// issue. Applications serve themselves with their own `serve` command
// (see examples/hello).
package main

import (
	"fmt"
	"os"

	"github.com/goframe/goframe/cli"
)

const version = "0.1.0-dev"

const usage = `usage: goframe COMMAND [ARGS]

Commands:
  render    render a template with a JSON context (goframe render --help)
  version   print the version
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	switch os.Args[1] {
	case "version", "--version":
		fmt.Println("goframe", version)
	case "render":
		os.Exit(cli.Render(os.Args[2:], os.Stdin, os.Stdout, os.Stderr))
	case "help", "-h", "--help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "goframe: unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
}
