// Command goframe is the project tool: it creates projects (goframe
// new), serves them while they are developed (goframe serve), generates
// code (goframe generate), renders templates (goframe render), and runs
// any other command through the project's own binary, as Django's
// manage.py (goframe migrate, goframe routes...).
package main

import (
	"os"

	"github.com/goframe/goframe/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.OSEnv()))
}
