package cli

import (
	"fmt"
	"strings"
)

// projectFlag is one option of a command: --name VALUE (or
// --name=VALUE), or --name alone when isBool.
type projectFlag struct {
	name   string
	isBool bool
	set    func(value string)
}

// projectParseArgs parses a command's arguments: options anywhere among
// the positional arguments, written --name or -name, their values after
// a space or "="; "--" ends the options. It reports -h/--help as help.
func projectParseArgs(args []string, flags []projectFlag) (positional []string, help bool, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(positional, args[i+1:]...), help, nil
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "h" || name == "help" {
			help = true
			continue
		}
		var f *projectFlag
		for j := range flags {
			if flags[j].name == name {
				f = &flags[j]
			}
		}
		if f == nil {
			return nil, help, fmt.Errorf("unknown option %s", a)
		}
		switch {
		case f.isBool && hasValue:
			return nil, help, fmt.Errorf("option --%s takes no value", name)
		case f.isBool:
			f.set("")
		case hasValue:
			f.set(value)
		case i+1 < len(args):
			i++
			f.set(args[i])
		default:
			return nil, help, fmt.Errorf("option --%s needs a value", name)
		}
	}
	return positional, help, nil
}
