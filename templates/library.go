package templates

// Library is a set of filters and tags, as a Django templatetags
// module: put it in Options.Builtins to have it everywhere, or in
// Options.Libraries to have it after {% load name %}.
type Library struct {
	Filters map[string]Filter
	Tags    map[string]TagFunc
}

// builtinLibraries are the libraries of Django's own that templates
// {% load %}, filled once at package initialisation (static in
// tags_web.go, i18n in tags_i18n.go).
var builtinLibraries = map[string]*Library{}
