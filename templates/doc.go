// Package templates is goframe's template engine: Django's template
// language, rendered the way Django renders it, on flosch/pongo2 v6.
//
// A Django developer brings their templates and gets the same bytes out:
// {% extends %} and {% block %} with {{ block.super }}, {% include %}
// with "with" and "only", {% for %} with forloop and {% empty %}, Django's
// {% if %} operators (in, not in, is, is not), cycle, ifchanged, regroup,
// firstof, filter, spaceless, autoescape, and Django's filters (date and
// time formats, timesince, floatformat, truncation with "…", urlize,
// slugify, ...). docs/templates.md lists every tag and filter with its
// status and the differences that remain.
//
// # How it is built
//
// pongo2 parses the template structure and runs the node tree; everything
// Django-specific is this package's own, registered into pongo2 once at
// init: a lexer that splits the source exactly as Django's does and hands
// each tag its raw contents, Django's filter-expression grammar, Python's
// value semantics (truthiness, comparisons, str() and repr(), None, True,
// False), and every tag and filter. pongo2's own tags and filters are
// left untouched for other users of pongo2 in the same program.
//
// # Use
//
// One Engine per application, created at start-up:
//
//	eng, err := templates.New(templates.Options{Dirs: []string{"templates"}, Debug: true})
//	...
//	err = eng.Render(w, "blog/index.html", map[string]any{"posts": posts})
//
// Names are relative to the loader roots, as in Django ("blog/post.html"),
// and the first root that has a name wins; FSLoader serves an embed.FS.
// Compiled templates are cached; with Debug a changed file is compiled
// again. Every value is HTML-escaped unless marked safe (SafeString),
// including fmt.Stringer and non-string values. Render never panics: a
// panic in a method or filter comes back as an *Error naming the template
// and line. Engines and templates are safe for concurrent use; per-render
// state (cycle, ifchanged) lives in the render, never in the template.
//
// Struct fields and methods are found the way Django users write them:
// {{ post.title }} finds the field Title, {{ post.created_at }} finds
// CreatedAt (or a field tagged db:"created_at"), and a method without
// arguments is called, as Django calls callables.
//
// # Extending
//
// Filters and tags for a project live in a Library: put it in
// Options.Builtins to have it everywhere, or in Options.Libraries to have
// it after {% load name %}. See the examples.
//
// # Framework hooks
//
// {% url %}, {% static %} and {% csrf_token %} read what the framework
// puts into the render context (URLKey, StaticKey, CSRFTokenKey) or the
// engine's Options, so this package does not depend on the framework.
package templates
