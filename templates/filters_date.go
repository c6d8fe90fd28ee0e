package templates

import (
	"fmt"
	"time"
)

// Django's date and time filters: date, time, timesince and timeuntil
// (django/template/defaultfilters.py of Django 3.2). Datetimes are
// naive, as with USE_TZ = False (see dateformat.go).

func init() {
	addFilters(map[string]Filter{
		"date":      {Func: filterDate, Arg: ArgOptional},
		"time":      {Func: filterTime, Arg: ArgOptional},
		"timesince": {Func: filterTimesince, Arg: ArgOptional},
		"timeuntil": {Func: filterTimeuntil, Arg: ArgOptional},
	})
}

// djangoFormats holds Django's default formats, for filters that cannot
// reach their engine's Options.
var djangoFormats = Options{
	DateFormat:          "N j, Y",
	DateTimeFormat:      "N j, Y, P",
	TimeFormat:          "P",
	ShortDateFormat:     "m/d/Y",
	ShortDateTimeFormat: "m/d/Y P",
}

// formatOptions returns the Options holding the formats a filter call
// uses: its engine's (Django's defaults outside an engine).
func formatOptions(c FilterCall) *Options {
	if c.engine != nil {
		return &c.engine.opts
	}
	return &djangoFormats
}

// settingFormat is Django's get_format for the formats: a setting name
// gives its value (the engine's for the five it configures, Django's
// default for the others), any other string is a format itself.
func settingFormat(opts *Options, name string) string {
	switch name {
	case "DATE_FORMAT":
		return opts.DateFormat
	case "DATETIME_FORMAT":
		return opts.DateTimeFormat
	case "TIME_FORMAT":
		return opts.TimeFormat
	case "SHORT_DATE_FORMAT":
		return opts.ShortDateFormat
	case "SHORT_DATETIME_FORMAT":
		return opts.ShortDateTimeFormat
	case "YEAR_MONTH_FORMAT":
		return "F Y"
	case "MONTH_DAY_FORMAT":
		return "F j"
	case "DECIMAL_SEPARATOR":
		return "."
	case "THOUSAND_SEPARATOR":
		return ","
	case "NUMBER_GROUPING", "FIRST_DAY_OF_WEEK":
		return "0"
	}
	return name
}

// formatArg is Django's get_format(arg or setting): a missing or false
// argument means the setting named def.
func formatArg(opts *Options, arg any, def string) string {
	if !truth(arg) {
		return settingFormat(opts, def)
	}
	if s, ok := arg.(SafeString); ok {
		return settingFormat(opts, string(s))
	}
	return settingFormat(opts, toStr(arg))
}

// asTime returns the time a value holds: a time.Time or a non-nil
// *time.Time.
func asTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, true
	case *time.Time:
		if x != nil {
			return *x, true
		}
	}
	return time.Time{}, false
}

// isNoneOrEmpty is Django's test value in (None, "").
func isNoneOrEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case SafeString:
		return x == ""
	case *time.Time:
		return x == nil
	}
	return false
}

// formatDate is Django's date filter: the value formatted with arg (a
// format or a setting name; DATE_FORMAT when missing or false). A value
// that is not a date gives "", unless the format needs no date.
func formatDate(opts *Options, in, arg any) string {
	if isNoneOrEmpty(in) {
		return ""
	}
	format := formatArg(opts, arg, "DATE_FORMAT")
	if t, ok := asTime(in); ok {
		return dateFormat(t, format)
	}
	s, _ := nonDateFormat(format, false)
	return s
}

// filterDate is {{ value|date }} and {{ value|date:"format" }}.
func filterDate(c FilterCall, in, arg any) (any, error) {
	return formatDate(formatOptions(c), in, arg), nil
}

// filterTime is {{ value|time }} and {{ value|time:"format" }}: only
// time format characters are allowed; others make it "".
func filterTime(c FilterCall, in, arg any) (any, error) {
	if isNoneOrEmpty(in) {
		return "", nil
	}
	format := formatArg(formatOptions(c), arg, "TIME_FORMAT")
	if t, ok := asTime(in); ok {
		s, err := timeFormat(t, format)
		if err != nil {
			return "", nil
		}
		return s, nil
	}
	s, _ := nonDateFormat(format, true)
	return s, nil
}

// filterTimesince is {{ value|timesince }} and {{ value|timesince:other }}:
// the time from value to other (default now).
func filterTimesince(c FilterCall, in, arg any) (any, error) {
	return timesinceFilter(c, in, arg, false)
}

// filterTimeuntil is {{ value|timeuntil }} and {{ value|timeuntil:other }}:
// the time from other (default now) to value.
func filterTimeuntil(c FilterCall, in, arg any) (any, error) {
	return timesinceFilter(c, in, arg, true)
}

// timesinceFilter is Django's timesince_filter and timeuntil_filter. A
// false value gives ""; a value or argument that is not a date is
// Django's AttributeError, which aborts rendering as in Django.
func timesinceFilter(c FilterCall, in, arg any, until bool) (any, error) {
	if !truth(in) {
		return "", nil
	}
	d, ok := asTime(in)
	if !ok {
		return nil, noYearAttr(in)
	}
	var now time.Time
	if truth(arg) {
		if now, ok = asTime(arg); !ok {
			return nil, noYearAttr(arg)
		}
	} else if c.Now != nil {
		now = c.Now()
	} else {
		now = time.Now()
	}
	// Naive datetimes: the other time is read in the value's Location.
	now = now.In(d.Location())
	if until {
		return timeSince(now, d), nil
	}
	return timeSince(d, now), nil
}

// noYearAttr is Python's AttributeError for v.year.
func noYearAttr(v any) error {
	return fmt.Errorf("'%s' object has no attribute 'year'", pyTypeName(v))
}
