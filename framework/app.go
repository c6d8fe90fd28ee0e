package framework

import (
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/goframe/goframe/orm"
	"github.com/goframe/goframe/router"
	"github.com/goframe/goframe/templates"
)

// View is a view function, as in Django: it takes the request and returns
// the response.
type View func(*Request) Response

// App is a web application: routes, views, middleware, templates, the
// database, sessions and static files, composed into one http.Handler.
// Register routes and middleware before serving; an App is safe for
// concurrent use once it serves.
type App struct {
	cfg Config
	log *slog.Logger

	router *router.Router
	mw     []func(http.Handler) http.Handler // the user's, outside the router

	engineOnce sync.Once
	engine     *templates.Engine
	engineErr  error

	dbOnce sync.Once
	db     *orm.DB
	dbErr  error

	sessions SessionStore
	static   *staticFiles

	commands map[string]Command

	buildOnce sync.Once
	handler   http.Handler // the whole request path (build)

	// The request path's parts, set by build (serve.go).
	core         http.Handler // after the request ID: the request log, then serveCore
	inner        http.Handler // the user's middleware, then the router
	security     securityHeaders
	hosts        []string // hostPatterns
	sessionOpts  SessionOptions
	messageLevel MessageLevel
}

// Compile-time check: an App is an http.Handler.
var _ http.Handler = (*App)(nil)

// New returns an App configured by cfg (defaults filled in). The
// configuration is checked by Validate, which Main runs before any command:
// New itself never fails, so that an App can be declared at package level.
func New(cfg Config) *App {
	cfg = cfg.withDefaults()
	a := &App{cfg: cfg, log: cfg.Logger, commands: map[string]Command{}}
	if a.log == nil {
		a.log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	a.router = router.New(router.Options{
		AppendSlash:      !cfg.NoAppendSlash,
		NotFound:         http.HandlerFunc(a.notFound),
		MethodNotAllowed: http.HandlerFunc(a.methodNotAllowed),
	})
	a.sessions = cfg.SessionStore
	if a.sessions == nil {
		a.sessions = NewCookieStore(a.signingKeys()...)
	}
	a.static = newStaticFiles(cfg)
	a.registerBuiltinCommands()
	return a
}

// Config returns the App's configuration, defaults filled in.
func (a *App) Config() Config { return a.cfg }

// Logger returns the App's logger (Config.Logger, or text on stderr).
func (a *App) Logger() *slog.Logger { return a.log }

// Router returns the App's router, for reversing and route listings.
func (a *App) Router() *router.Router { return a.router }

// Validate reports what keeps the App from running: the configuration
// (Config.Validate). Main runs it before every command but version and
// help.
func (a *App) Validate() error { return a.cfg.Validate() }

// Templates returns the App's template engine, created on first use from
// Config.TemplateDirs (or Config.TemplatesFS), with {% url %} reversing
// through the App's routes and reloading when Debug is on.
func (a *App) Templates() (*templates.Engine, error) {
	a.engineOnce.Do(func() {
		opts := templates.Options{
			Debug:     a.cfg.Debug,
			StaticURL: a.cfg.StaticURL,
			URL:       a.router.ReverseFunc,
		}
		if a.cfg.TemplatesFS != nil {
			opts.Loaders = []templates.Loader{templates.FSLoader{FS: a.cfg.TemplatesFS}}
		} else {
			for _, d := range a.cfg.TemplateDirs {
				if fi, err := os.Stat(d); err == nil && fi.IsDir() {
					opts.Dirs = append(opts.Dirs, d)
				}
			}
		}
		a.engine, a.engineErr = templates.New(opts)
		if a.engineErr != nil {
			a.engineErr = fmt.Errorf("framework: templates: %w", a.engineErr)
		}
	})
	return a.engine, a.engineErr
}

// DB returns the App's database (Config.DatabaseURL), opened on first
// use. It panics if the database cannot be opened — in a view that is a
// 500 naming the reason; Main opens it (OpenDB) before serving, so a bad
// DATABASE_URL stops the program at start instead.
func (a *App) DB() *orm.DB {
	db, err := a.OpenDB()
	if err != nil {
		panic(err)
	}
	return db
}

// OpenDB opens the App's database if it is not open yet.
func (a *App) OpenDB() (*orm.DB, error) {
	a.dbOnce.Do(func() {
		a.db, a.dbErr = orm.Open(a.cfg.DatabaseURL)
		if a.dbErr != nil {
			a.dbErr = fmt.Errorf("framework: %s: %w", EnvDatabaseURL, a.dbErr)
		}
	})
	return a.db, a.dbErr
}

// Close closes the database if it was opened.
func (a *App) Close() error {
	if a.db != nil {
		return a.db.Close()
	}
	return nil
}

// Use adds middleware (the standard func(http.Handler) http.Handler, so
// chi's and net/http's work) around the App's routes, inside the
// framework's own (recover, request ID, logging, security headers, allowed
// hosts, static files, sessions, messages, the CSRF token): it sees the
// session (SessionFrom), as Django's middleware after SessionMiddleware
// does. The first added is the outermost. Call it before the first
// request.
func (a *App) Use(mw ...func(http.Handler) http.Handler) {
	if a.handler != nil {
		panic("framework: Use after the App served its first request")
	}
	a.mw = append(a.mw, mw...)
}

// Get registers a GET (and HEAD) view.
func (a *App) Get(pattern string, v View) *Route {
	return a.register(a.router, []string{http.MethodGet}, pattern, v, nil)
}

// Post registers a POST view.
func (a *App) Post(pattern string, v View) *Route {
	return a.register(a.router, []string{http.MethodPost}, pattern, v, nil)
}

// Put registers a PUT view.
func (a *App) Put(pattern string, v View) *Route {
	return a.register(a.router, []string{http.MethodPut}, pattern, v, nil)
}

// Patch registers a PATCH view.
func (a *App) Patch(pattern string, v View) *Route {
	return a.register(a.router, []string{http.MethodPatch}, pattern, v, nil)
}

// Delete registers a DELETE view.
func (a *App) Delete(pattern string, v View) *Route {
	return a.register(a.router, []string{http.MethodDelete}, pattern, v, nil)
}

// Route registers a view for several methods ("" or none: every method).
func (a *App) Route(pattern string, v View, methods ...string) *Route {
	return a.register(a.router, methods, pattern, v, nil)
}

// Handle registers any http.Handler for a method ("" for every method).
func (a *App) Handle(method, pattern string, h http.Handler) *Route {
	return a.register(a.router, []string{method}, pattern, nil, h)
}

// Mount serves any http.Handler under a prefix, behind the CSRF check
// unless wrapped in CSRFExempt.
func (a *App) Mount(prefix string, h http.Handler) { a.router.Mount(prefix, a.guard(h)) }

// Group registers views under a path prefix, with their own middleware
// (Flask's blueprints).
func (a *App) Group(prefix string, fn func(g *Group)) { a.Namespace(prefix, "", fn) }

// Namespace registers views under a prefix whose route names are
// qualified by namespace (Django's include with app_name):
// Namespace("/blog", "blog", ...) names "blog:post_detail".
func (a *App) Namespace(prefix, namespace string, fn func(g *Group)) {
	a.router.Namespace(prefix, namespace, func(r *router.Router) { fn(&Group{app: a, r: r}) })
}

// Group is a set of routes sharing a prefix, middleware and namespace.
type Group struct {
	app *App
	r   *router.Router
}

// Use adds middleware to the group's routes registered after it.
func (g *Group) Use(mw ...func(http.Handler) http.Handler) { g.r.Use(mw...) }

// Get registers a GET (and HEAD) view.
func (g *Group) Get(pattern string, v View) *Route {
	return g.app.register(g.r, []string{http.MethodGet}, pattern, v, nil)
}

// Post registers a POST view.
func (g *Group) Post(pattern string, v View) *Route {
	return g.app.register(g.r, []string{http.MethodPost}, pattern, v, nil)
}

// Put registers a PUT view.
func (g *Group) Put(pattern string, v View) *Route {
	return g.app.register(g.r, []string{http.MethodPut}, pattern, v, nil)
}

// Patch registers a PATCH view.
func (g *Group) Patch(pattern string, v View) *Route {
	return g.app.register(g.r, []string{http.MethodPatch}, pattern, v, nil)
}

// Delete registers a DELETE view.
func (g *Group) Delete(pattern string, v View) *Route {
	return g.app.register(g.r, []string{http.MethodDelete}, pattern, v, nil)
}

// Handle registers any http.Handler for a method ("" for every method).
func (g *Group) Handle(method, pattern string, h http.Handler) *Route {
	return g.app.register(g.r, []string{method}, pattern, nil, h)
}

// Mount serves any http.Handler under a prefix of the group.
func (g *Group) Mount(prefix string, h http.Handler) { g.r.Mount(prefix, g.app.guard(h)) }

// Group registers a nested group.
func (g *Group) Group(prefix string, fn func(g *Group)) { g.Namespace(prefix, "", fn) }

// Namespace registers a nested namespace.
func (g *Group) Namespace(prefix, namespace string, fn func(g *Group)) {
	g.r.Namespace(prefix, namespace, func(r *router.Router) { fn(&Group{app: g.app, r: r}) })
}

// Route is a registered route: name it for reversing, or exempt it from
// the CSRF check.
type Route struct {
	*router.Route
	others     []*router.Route // the same route's other methods (App.Route)
	csrfExempt bool
}

// Name names the route for reversing ("ns:name" inside a namespace). A
// name used twice panics at start-up.
func (rt *Route) Name(name string) *Route {
	rt.Route.Name(name)
	for _, o := range rt.others {
		o.ShareName(rt.Route)
	}
	return rt
}

// CSRFExempt exempts the route from the CSRF check (Django's
// csrf_exempt): for webhooks and APIs authenticated otherwise.
func (rt *Route) CSRFExempt() *Route {
	rt.csrfExempt = true
	return rt
}

// register registers a view (or handler) on r for the methods (none or
// "": every method) and pattern, behind the CSRF check. The methods share
// one Route: naming or exempting it applies to all.
func (a *App) register(r *router.Router, methods []string, pattern string, v View, h http.Handler) *Route {
	if v == nil && h == nil {
		panic(fmt.Sprintf("framework: %s %s: nil view", strings.Join(methods, ","), pattern))
	}
	if len(methods) == 0 {
		methods = []string{""}
	}
	rt := &Route{}
	if _, ok := h.(csrfExemptHandler); ok {
		rt.csrfExempt = true
	}
	guarded := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rs := reqStateFrom(req.Context())
		if rs != nil {
			rs.response.req = req // for the DEBUG page of a panic (serve.go)
		}
		if !rt.csrfExempt {
			if err := a.csrfCheck(req); err != nil {
				a.csrfFailure(w, req, err)
				return
			}
		}
		if h != nil {
			h.ServeHTTP(w, req)
			return
		}
		r := rs.newViewRequest(a, w, req)
		resp := callView(v, r)
		resp.write(w, r)
	})
	rt.Route = r.Handle(methods[0], pattern, guarded)
	for _, m := range methods[1:] {
		rt.others = append(rt.others, r.Handle(m, pattern, guarded))
	}
	return rt
}

// guard puts h behind the CSRF check unless it is CSRFExempt.
func (a *App) guard(h http.Handler) http.Handler {
	if _, ok := h.(csrfExemptHandler); ok {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		noteRequest(req)
		if err := a.csrfCheck(req); err != nil {
			a.csrfFailure(w, req, err)
			return
		}
		h.ServeHTTP(w, req)
	})
}

// callView calls the view; a panic goes on to the recover middleware,
// which renders the 500 page.
func callView(v View, r *Request) Response { return v(r) }

// CSRFExempt marks an http.Handler given to Handle or Mount as exempt
// from the CSRF check.
func CSRFExempt(h http.Handler) http.Handler { return csrfExemptHandler{h} }

type csrfExemptHandler struct{ http.Handler }
