// Command goframe is the project tool. Until the CLI issue lands it only
// knows its version; applications serve themselves with their own `serve`
// command (see examples/hello).
package main

import (
	"fmt"
	"os"
)

const version = "0.1.0-dev"

func main() {
	if len(os.Args) > 1 && (os.Args[1] == "version" || os.Args[1] == "--version") {
		fmt.Println("goframe", version)
		return
	}
	fmt.Fprintf(os.Stderr, "goframe %s: the project tool is not written yet.\nServe an application with its own binary: go run ./examples/hello serve --help\n", version)
	os.Exit(2)
}
