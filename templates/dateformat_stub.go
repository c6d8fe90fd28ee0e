package templates

import "time"

// dateFormat formats t with Django's date format characters. (Stub: replaced by dateformat.go.)
func dateFormat(t time.Time, format string) string { return t.Format("January 2, 2006") }
