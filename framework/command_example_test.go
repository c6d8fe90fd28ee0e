package framework_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/goframe/goframe/framework"
)

// greetCommand is a project's own management command.
type greetCommand struct{}

func (greetCommand) Summary() string { return "Greets someone" }

func (greetCommand) Usage() string {
	return `usage: {program} greet [--shout] NAME

Greets NAME.

Options:
  --shout   in capitals

Examples:
  {program} greet world
`
}

func (greetCommand) Run(ctx context.Context, args []string) error {
	env := framework.CommandEnvFrom(ctx)
	shout := len(args) == 2 && args[0] == "--shout"
	if shout {
		args = args[1:]
	}
	if len(args) != 1 {
		return framework.Usagef("want one name, got %d", len(args))
	}
	msg := "hello " + args[0]
	if shout {
		msg = strings.ToUpper(msg)
	}
	fmt.Fprintln(env.Stdout, msg)
	return nil
}

// A project adds its commands to the built-in ones; its main() is
// app.Main(), which runs them as `PROGRAM greet world`.
func ExampleApp_Command() {
	app := framework.New(framework.Config{Debug: true})
	app.Command("greet", greetCommand{})

	code := app.Run(context.Background(), []string{"greet", "--shout", "world"}, os.Stdout, os.Stdout)
	fmt.Println("exit status", code)
	// Output:
	// HELLO WORLD
	// exit status 0
}

// The routes command lists the App's routes.
func ExampleApp_Run() {
	app := framework.New(framework.Config{Debug: true})
	app.Get("/", func(r *framework.Request) framework.Response { return framework.Text("home") }).Name("home")
	app.Get("/posts/{id:int}", func(r *framework.Request) framework.Response { return framework.Text("post") }).Name("post_detail")

	app.Run(context.Background(), []string{"routes"}, os.Stdout, os.Stderr)
	// Output:
	// METHOD  PATTERN          NAME
	// GET     /                home
	// GET     /posts/{id:int}  post_detail
}
