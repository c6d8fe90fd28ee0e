package templates

// Library is a set of filters and tags, as a Django templatetags
// module: put it in Options.Builtins to have it everywhere, or in
// Options.Libraries to have it after {% load name %}.
type Library struct {
	Filters map[string]Filter
	Tags    map[string]TagFunc
}

// builtinLibraries are the libraries of Django's own that templates
// {% load %}: their tags are built in here ({% static %}), so loading
// them only has to be accepted.
var builtinLibraries = map[string]*Library{
	"static": {},
}
