package framework

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// modulePath is goframe's module.
const modulePath = "github.com/goframe/goframe"

// versionCommand prints goframe's version.
type versionCommand struct{}

func (versionCommand) Summary() string { return "Prints goframe's version and Go's" }

func (versionCommand) Usage() string {
	return `usage: {program} version

Prints the version of goframe this program was built with, the Go
version and the platform, and the program's own module and version.
It needs no configuration.

Examples:
  {program} version
`
}

func (versionCommand) configNeeds() configLevel { return needNothing }

func (versionCommand) Run(ctx context.Context, args []string) error {
	env := CommandEnvFrom(ctx)
	rest, err := parseArgs(newFlagSet("version"), args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return Usagef("unexpected argument %q: version takes none", rest[0])
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintf(env.Stdout, "goframe %s %s %s/%s\n", goframeVersion(info), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if info != nil && info.Main.Path != "" && info.Main.Path != modulePath {
		fmt.Fprintf(env.Stdout, "%s %s\n", info.Main.Path, moduleVersion(info.Main))
	}
	return nil
}

// goframeVersion is the version of goframe's module in the build: a
// dependency's, or the main module's when goframe is built itself.
func goframeVersion(info *debug.BuildInfo) string {
	if info == nil {
		return "(unknown)"
	}
	if info.Main.Path == modulePath {
		return moduleVersion(info.Main)
	}
	for _, d := range info.Deps {
		if d.Path == modulePath {
			if d.Replace != nil {
				return moduleVersion(*d.Replace)
			}
			return moduleVersion(*d)
		}
	}
	return "(unknown)"
}

// moduleVersion is a module's version, "(devel)" for one built from its
// source tree.
func moduleVersion(m debug.Module) string {
	if m.Version == "" {
		return "(devel)"
	}
	return m.Version
}
