package templates

import (
	"fmt"
	"time"
)

// ArgRule says whether a filter takes an argument ({{ v|name:arg }}).
type ArgRule uint8

const (
	// ArgNone: the filter takes no argument.
	ArgNone ArgRule = iota
	// ArgOptional: the argument may be given or left out.
	ArgOptional
	// ArgRequired: the argument must be given.
	ArgRequired
)

// A Filter transforms a value in {{ value|name }} or {{ value|name:arg }}.
// Checks on the argument count happen when a template is compiled.
type Filter struct {
	// Func computes the filter's result. in is the value filtered
	// (a string when StringInput is set), arg the argument (nil when
	// none was given; see FilterCall.HasArg).
	Func func(c FilterCall, in, arg any) (any, error)
	// Arg says whether the filter takes an argument.
	Arg ArgRule
	// IsSafe marks the result safe when the input was safe and the
	// result is a string: the filter adds no HTML-unsafe characters
	// (Django's is_safe).
	IsSafe bool
	// StringInput converts the input to its text before Func sees it
	// (Django's @stringfilter); FilterCall.InputSafe tells whether it
	// was safe.
	StringInput bool
}

// FilterCall is what a filter knows about the place it is used in.
type FilterCall struct {
	// Autoescape is true unless inside {% autoescape off %}.
	Autoescape bool
	// InputSafe tells whether the filtered value was marked safe.
	InputSafe bool
	// HasArg tells whether the template gave an argument.
	HasArg bool
	// Now is the engine's clock (for timesince and friends).
	Now func() time.Time

	engine *Engine // the engine rendering (for its date formats)
}

// call applies f to in, with Django's safety rules.
func (f *Filter) call(c FilterCall, in, arg any) (any, error) {
	c.InputSafe = isSafe(in)
	if f.StringInput {
		in = toStr(in)
	}
	out, err := f.Func(c, in, arg)
	if err != nil {
		return nil, err
	}
	if f.IsSafe && c.InputSafe {
		if s, ok := out.(string); ok {
			return SafeString(s), nil
		}
	}
	return out, nil
}

// filterErr is a filter's complaint about its input or argument; the
// expression that applied the filter names it.
func filterErr(_, format string, args ...any) error {
	return fmt.Errorf(format, args...)
}
