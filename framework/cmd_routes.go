package framework

import (
	"context"
	"fmt"
	"text/tabwriter"
)

// routesCommand lists the routes.
type routesCommand struct{ app *App }

func (c *routesCommand) Summary() string {
	return "Lists the routes: method, pattern and name"
}

func (c *routesCommand) Usage() string {
	return `usage: {program} routes

Lists the App's routes, sorted by pattern then method: the method ("*"
for every method), the pattern with its typed parameters, and the name
{% url %} and RedirectTo reverse ("namespace:name" inside a namespace).

Examples:
  {program} routes
  {program} routes | grep blog:
`
}

func (c *routesCommand) Run(ctx context.Context, args []string) error {
	env := CommandEnvFrom(ctx)
	rest, err := parseArgs(newFlagSet("routes"), args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return Usagef("unexpected argument %q: routes takes none", rest[0])
	}
	routes := c.app.router.Routes()
	if len(routes) == 0 {
		fmt.Fprintln(env.Stdout, "No routes.")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "METHOD\tPATTERN\tNAME")
	for _, r := range routes {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Method, r.Pattern, r.Name)
	}
	return tw.Flush()
}
