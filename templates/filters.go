package templates

// builtinFilters are Django's built-in filters, filled by the
// filters_*.go files.
var builtinFilters = map[string]Filter{}

// addFilters registers built-in filters (at init only).
func addFilters(fs map[string]Filter) {
	for name, f := range fs {
		if _, dup := builtinFilters[name]; dup {
			panic("templates: filter " + name + " defined twice")
		}
		builtinFilters[name] = f
	}
}
