// Package router is goframe's URL router, on go-chi/chi v5: named routes
// that reverse into URLs (Django's reverse and {% url %}, Flask's
// url_for), typed path parameters with Django's converters, groups with
// a prefix, middleware and a namespace (Flask's blueprints, Django's
// include with app_name), 405 with an Allow header, Django's APPEND_SLASH,
// and a route listing.
//
//	r := router.New(router.Options{AppendSlash: true})
//	r.Namespace("/blog", "blog", func(b *router.Router) {
//		b.Get("/posts/{id:int}/", showPost).Name("post_detail")
//	})
//	u, err := r.Reverse("blog:post_detail", 42) // "/blog/posts/42/"
//
// Registration mistakes (a bad pattern, a duplicate name) panic at
// start-up with a "router:" prefix, as chi's do; request-time failures
// become statuses.
package router

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
)

// Options configure a Router.
type Options struct {
	// AppendSlash redirects a GET or HEAD for /path that matches no route
	// to /path/ when that one matches (Django's APPEND_SLASH).
	AppendSlash bool

	// NotFound answers requests no route matches, and those whose path
	// parameter does not convert (default: http.NotFound).
	NotFound http.Handler

	// MethodNotAllowed answers requests whose path matches routes of
	// other methods only. The Allow header ("GET, HEAD") is set before it
	// runs (default: an empty 405).
	MethodNotAllowed http.Handler
}

// Router routes requests to handlers. A Router made by Group or
// Namespace shares its parent's routes and names.
type Router struct {
	mux       chi.Router
	reg       *registry
	prefix    string // the group's path prefix, for reversing
	namespace string // "blog" or "blog:admin", prefixed to names
}

// registry is what all the groups of one router share.
type registry struct {
	root   *chi.Mux
	opts   Options
	names  map[string]*Route
	routes []*Route
}

// Route is a registered route.
type Route struct {
	// Method is the HTTP method ("" for any); Pattern the full pattern,
	// prefixes included, in goframe's syntax.
	Method, Pattern string
	name            string
	segments        []segment
	reg             *registry
	namespace       string
}

// segment is a literal part of a pattern or a parameter.
type segment struct {
	literal string
	param   string
	conv    *converter
}

// converter is one of Django's path converters.
type converter struct {
	name  string
	chi   string         // the chi pattern for the parameter
	check *regexp.Regexp // what a reversed value must match
}

var converters = map[string]*converter{
	"str":  {name: "str", chi: "", check: regexp.MustCompile(`^[^/]+$`)},
	"int":  {name: "int", chi: "[0-9]+", check: regexp.MustCompile(`^[0-9]+$`)},
	"slug": {name: "slug", chi: "[-a-zA-Z0-9_]+", check: regexp.MustCompile(`^[-a-zA-Z0-9_]+$`)},
	"uuid": {name: "uuid", chi: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
		check: regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)},
	"path": {name: "path", chi: "*", check: regexp.MustCompile(`(?s)^.+$`)},
}

// New returns an empty router.
func New(opts ...Options) *Router {
	reg := &registry{root: chi.NewRouter(), names: map[string]*Route{}}
	if len(opts) > 0 {
		reg.opts = opts[0]
	}
	if reg.opts.NotFound == nil {
		reg.opts.NotFound = http.HandlerFunc(http.NotFound)
	}
	r := &Router{mux: reg.root, reg: reg}
	if reg.opts.AppendSlash {
		reg.root.NotFound(reg.appendSlash)
	} else {
		reg.root.NotFound(reg.opts.NotFound.ServeHTTP)
	}
	if reg.opts.MethodNotAllowed == nil {
		reg.opts.MethodNotAllowed = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusMethodNotAllowed)
		})
	}
	// Always ours: chi's own 405 lists the methods in a random order.
	reg.root.MethodNotAllowed(reg.methodNotAllowed)
	return r
}

// allMethods are the methods a 405's Allow header can list.
var allMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
	http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace}

// methodNotAllowed sets Allow, as chi's own 405 does, and calls the
// configured handler.
func (reg *registry) methodNotAllowed(w http.ResponseWriter, req *http.Request) {
	var allow []string
	for _, m := range allMethods {
		if reg.root.Match(chi.NewRouteContext(), m, req.URL.Path) {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
	}
	reg.opts.MethodNotAllowed.ServeHTTP(w, req)
}

// ServeHTTP routes the request.
func (r *Router) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.reg.root.ServeHTTP(w, req)
}

// PrepareContext readies rc, a chi routing context that the request's
// context will answer for chi.RouteCtxKey, to route a request with r:
// chi then adds no context value and no copy of the request of its own,
// two allocations a request. The framework's App keeps rc in its
// per-request state. Without it, ServeHTTP routes as chi always does.
func (r *Router) PrepareContext(rc *chi.Context) {
	rc.Reset()
	rc.Routes = r.reg.root
}

// appendSlash redirects to the same path with a slash when that matches a
// route (Django's CommonMiddleware with APPEND_SLASH).
func (reg *registry) appendSlash(w http.ResponseWriter, req *http.Request) {
	p := req.URL.Path
	if (req.Method == http.MethodGet || req.Method == http.MethodHead) && !strings.HasSuffix(p, "/") &&
		reg.root.Match(chi.NewRouteContext(), req.Method, p+"/") {
		u := *req.URL
		u.Path += "/"
		u.RawPath = ""
		if u.RawQuery != "" {
			http.Redirect(w, req, u.EscapedPath()+"?"+u.RawQuery, http.StatusMovedPermanently)
			return
		}
		http.Redirect(w, req, u.EscapedPath(), http.StatusMovedPermanently)
		return
	}
	reg.opts.NotFound.ServeHTTP(w, req)
}

// Use adds middleware to the routes this router registers from now on
// (standard func(http.Handler) http.Handler, so chi's and net/http's work).
func (r *Router) Use(mw ...func(http.Handler) http.Handler) {
	r.mux.Use(mw...)
}

// Group registers routes under a path prefix, with their own middleware.
func (r *Router) Group(prefix string, fn func(g *Router)) {
	r.Namespace(prefix, "", fn)
}

// Namespace registers routes under a prefix whose names are qualified by
// namespace ("blog" → "blog:post_detail"); nested namespaces join
// ("blog:admin:edit").
func (r *Router) Namespace(prefix, namespace string, fn func(g *Router)) {
	if prefix != "" && (!strings.HasPrefix(prefix, "/") || strings.HasSuffix(prefix, "/")) {
		panic(fmt.Sprintf("router: group prefix %q must start with / and not end with one", prefix))
	}
	if strings.Contains(namespace, ":") {
		panic(fmt.Sprintf("router: namespace %q must not contain ':'", namespace))
	}
	ns := r.namespace
	if namespace != "" {
		if ns != "" {
			ns += ":"
		}
		ns += namespace
	}
	build := func(sub chi.Router) {
		fn(&Router{mux: sub, reg: r.reg, prefix: r.prefix + prefix, namespace: ns})
	}
	if prefix == "" {
		r.mux.Group(build)
		return
	}
	r.mux.Route(prefix, build)
}

// Mount serves any http.Handler under a prefix (the handler sees the
// full path; chi's RouteContext has the rest).
func (r *Router) Mount(prefix string, h http.Handler) {
	r.mux.Mount(prefix, h)
	r.reg.routes = append(r.reg.routes, &Route{Pattern: r.prefix + prefix + "/*", reg: r.reg})
}

// Get registers a GET (and HEAD) route.
func (r *Router) Get(pattern string, h http.HandlerFunc) *Route {
	return r.Handle(http.MethodGet, pattern, h)
}

// Post registers a POST route.
func (r *Router) Post(pattern string, h http.HandlerFunc) *Route {
	return r.Handle(http.MethodPost, pattern, h)
}

// Put registers a PUT route.
func (r *Router) Put(pattern string, h http.HandlerFunc) *Route {
	return r.Handle(http.MethodPut, pattern, h)
}

// Patch registers a PATCH route.
func (r *Router) Patch(pattern string, h http.HandlerFunc) *Route {
	return r.Handle(http.MethodPatch, pattern, h)
}

// Delete registers a DELETE route.
func (r *Router) Delete(pattern string, h http.HandlerFunc) *Route {
	return r.Handle(http.MethodDelete, pattern, h)
}

// Handle registers h for method ("" for every method) and pattern.
// Parameters are written {name} or {name:converter} with Django's
// converters: str (the default: a segment without /), int, slug, uuid,
// and path (the rest of the URL, slashes included; last only). A value
// that does not convert is a 404 before h runs.
func (r *Router) Handle(method, pattern string, h http.Handler) *Route {
	segs, chiPattern, err := parsePattern(pattern)
	if err != nil {
		panic(fmt.Sprintf("router: %s %s: %v", method, pattern, err))
	}
	rt := &Route{Method: method, Pattern: r.prefix + pattern, reg: r.reg, namespace: r.namespace}
	if r.prefix != "" {
		rt.segments = append([]segment{{literal: r.prefix}}, segs...)
	} else {
		rt.segments = segs
	}
	h = convertParams(segs, h, r.reg.opts.NotFound)
	if method == "" {
		r.mux.Handle(chiPattern, h)
	} else {
		r.mux.Method(method, chiPattern, h)
		if method == http.MethodGet {
			r.mux.Method(http.MethodHead, chiPattern, h)
		}
	}
	r.reg.routes = append(r.reg.routes, rt)
	return rt
}

// Name names the route for Reverse, qualified by its group's namespace.
// A name used twice panics.
func (rt *Route) Name(name string) *Route {
	if name == "" || strings.Contains(name, ":") {
		panic(fmt.Sprintf("router: route name %q must be non-empty and without ':' (namespaces add it)", name))
	}
	full := name
	if rt.namespace != "" {
		full = rt.namespace + ":" + name
	}
	if old, dup := rt.reg.names[full]; dup {
		panic(fmt.Sprintf("router: route name %q is used by %s and %s", full, old.Pattern, rt.Pattern))
	}
	rt.name = full
	rt.reg.names[full] = rt
	return rt
}

// ShareName gives rt the name of named — the same pattern registered
// under other methods — for route listings; reversing the name uses named.
func (rt *Route) ShareName(named *Route) { rt.name = named.name }

// FullName returns the route's name with its namespace ("" if unnamed).
func (rt *Route) FullName() string { return rt.name }

var paramRE = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?\}`)

// parsePattern splits a pattern into segments and writes chi's pattern.
func parsePattern(pattern string) ([]segment, string, error) {
	if !strings.HasPrefix(pattern, "/") {
		return nil, "", fmt.Errorf("a pattern starts with /")
	}
	var segs []segment
	var chiPat strings.Builder
	last := 0
	seen := map[string]bool{}
	matches := paramRE.FindAllStringSubmatchIndex(pattern, -1)
	for i, m := range matches {
		lit := pattern[last:m[0]]
		if strings.ContainsAny(lit, "{}*") {
			return nil, "", fmt.Errorf("unexpected %q in %q (parameters are {name} or {name:converter})", lit, pattern)
		}
		if lit != "" {
			segs = append(segs, segment{literal: lit})
			chiPat.WriteString(lit)
		}
		name := pattern[m[2]:m[3]]
		convName := "str"
		if m[4] >= 0 {
			convName = pattern[m[4]:m[5]]
		}
		conv, ok := converters[convName]
		if !ok {
			return nil, "", fmt.Errorf("unknown converter %q (want str, int, slug, uuid or path)", convName)
		}
		if seen[name] {
			return nil, "", fmt.Errorf("parameter %q appears twice", name)
		}
		seen[name] = true
		segs = append(segs, segment{param: name, conv: conv})
		switch {
		case conv.name == "path":
			if i != len(matches)-1 || m[1] != len(pattern) {
				return nil, "", fmt.Errorf("a {%s:path} parameter must end the pattern", name)
			}
			chiPat.WriteString("*")
		case conv.chi == "":
			chiPat.WriteString("{" + name + "}")
		default:
			chiPat.WriteString("{" + name + ":" + conv.chi + "}")
		}
		last = m[1]
	}
	rest := pattern[last:]
	if strings.ContainsAny(rest, "{}*") {
		return nil, "", fmt.Errorf("unexpected %q in %q (parameters are {name} or {name:converter})", rest, pattern)
	}
	if rest != "" {
		segs = append(segs, segment{literal: rest})
		chiPat.WriteString(rest)
	}
	return segs, chiPat.String(), nil
}

// convertParams wraps h with the checks chi's patterns cannot make: an
// empty segment ("/blog//") matches chi's parameters but no converter,
// an int that does not fit int64 is a 404, and a path parameter gets
// its name.
func convertParams(segs []segment, h, notFound http.Handler) http.Handler {
	var ints, others []string
	pathName := ""
	for _, s := range segs {
		switch {
		case s.conv == nil:
		case s.conv.name == "int":
			ints = append(ints, s.param)
		case s.conv.name == "path":
			pathName = s.param
		default:
			others = append(others, s.param)
		}
	}
	if len(ints) == 0 && len(others) == 0 && pathName == "" {
		return h // no parameters
	}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rctx := chi.RouteContext(req.Context())
		for _, name := range ints {
			if _, err := strconv.ParseInt(rctx.URLParam(name), 10, 64); err != nil {
				notFound.ServeHTTP(w, req)
				return
			}
		}
		for _, name := range others {
			if rctx.URLParam(name) == "" {
				notFound.ServeHTTP(w, req)
				return
			}
		}
		if pathName != "" {
			v := rctx.URLParam("*")
			if v == "" {
				notFound.ServeHTTP(w, req)
				return
			}
			rctx.URLParams.Add(pathName, v)
		}
		h.ServeHTTP(w, req)
	})
}

// Param returns the path parameter name of the request's route, decoded
// ("" if none). chi routes on the escaped path when the request has one
// (URL.RawPath), so its own URLParam may then hold %XX escapes; Param
// never does.
func Param(req *http.Request, name string) string {
	v := chi.URLParam(req, name)
	if req.URL.RawPath != "" && strings.IndexByte(v, '%') >= 0 {
		if d, err := url.PathUnescape(v); err == nil {
			return d
		}
	}
	return v
}

// ParamInt returns an {name:int} parameter (routing already checked it).
func ParamInt(req *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(Param(req, name), 10, 64)
	return n
}

// Reverse returns the path of the route named name ("ns:name" in a
// namespace) with its parameters set from args, in order. An unknown
// name, a wrong number of arguments or a value its converter refuses is
// an error, never a wrong URL.
func (r *Router) Reverse(name string, args ...any) (string, error) {
	rt, ok := r.reg.names[name]
	if !ok {
		return "", fmt.Errorf("router: no route named %q", name)
	}
	return rt.build(func(i int, param string) (any, bool) {
		if i < len(args) {
			return args[i], true
		}
		return nil, false
	}, len(args))
}

// ReverseKw is Reverse with parameters by name (Django's kwargs).
func (r *Router) ReverseKw(name string, kwargs map[string]any) (string, error) {
	rt, ok := r.reg.names[name]
	if !ok {
		return "", fmt.Errorf("router: no route named %q", name)
	}
	return rt.build(func(_ int, param string) (any, bool) {
		v, ok := kwargs[param]
		return v, ok
	}, len(kwargs))
}

// ReverseFunc adapts the router to the templates package's URLFunc
// signature for {% url %}: positional or keyword arguments, not both.
func (r *Router) ReverseFunc(name string, args []any, kwargs map[string]any) (string, error) {
	if len(args) > 0 && len(kwargs) > 0 {
		return "", fmt.Errorf("router: reversing %q: give positional or keyword arguments, not both", name)
	}
	if len(kwargs) > 0 {
		return r.ReverseKw(name, kwargs)
	}
	return r.Reverse(name, args...)
}

func (rt *Route) build(arg func(i int, param string) (any, bool), given int) (string, error) {
	var b strings.Builder
	n := 0
	for _, s := range rt.segments {
		if s.conv == nil {
			b.WriteString(s.literal)
			continue
		}
		v, ok := arg(n, s.param)
		if !ok {
			return "", fmt.Errorf("router: reversing %q (%s): missing parameter %s", rt.name, rt.Pattern, s.param)
		}
		n++
		text, err := toText(v)
		if err != nil {
			return "", fmt.Errorf("router: reversing %q (%s): parameter %s: %v", rt.name, rt.Pattern, s.param, err)
		}
		if !s.conv.check.MatchString(text) {
			return "", fmt.Errorf("router: reversing %q (%s): parameter %s: %q is not a valid %s", rt.name, rt.Pattern, s.param, text, s.conv.name)
		}
		if s.conv.name == "int" {
			if _, err := strconv.ParseInt(text, 10, 64); err != nil {
				return "", fmt.Errorf("router: reversing %q (%s): parameter %s: %q does not fit int64", rt.name, rt.Pattern, s.param, text)
			}
		}
		if s.conv.name == "path" {
			parts := strings.Split(text, "/")
			for i, p := range parts {
				parts[i] = url.PathEscape(p)
			}
			b.WriteString(strings.Join(parts, "/"))
		} else {
			b.WriteString(url.PathEscape(text))
		}
	}
	if given != n {
		return "", fmt.Errorf("router: reversing %q (%s): %d parameters given, the route has %d", rt.name, rt.Pattern, given, n)
	}
	return b.String(), nil
}

// toText is the text of a reversed parameter: strings, integers and
// fmt.Stringers (a uuid.UUID).
func toText(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case int32:
		return strconv.FormatInt(int64(x), 10), nil
	case uint:
		return strconv.FormatUint(uint64(x), 10), nil
	case uint64:
		return strconv.FormatUint(x, 10), nil
	case uint32:
		return strconv.FormatUint(uint64(x), 10), nil
	case fmt.Stringer:
		return x.String(), nil
	}
	return "", fmt.Errorf("a %T cannot be a URL parameter", v)
}

// RouteInfo describes a route for a listing.
type RouteInfo struct {
	Method, Pattern, Name string
}

// Routes lists the routes, sorted by pattern then method (the `routes`
// command's table).
func (r *Router) Routes() []RouteInfo {
	out := make([]RouteInfo, 0, len(r.reg.routes))
	for _, rt := range r.reg.routes {
		m := rt.Method
		if m == "" {
			m = "*"
		}
		out = append(out, RouteInfo{Method: m, Pattern: rt.Pattern, Name: rt.name})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Pattern != out[j].Pattern {
			return out[i].Pattern < out[j].Pattern
		}
		return out[i].Method < out[j].Method
	})
	return out
}
