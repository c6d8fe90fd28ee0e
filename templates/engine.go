package templates

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/flosch/pongo2/v6"
)

// Options configure an Engine. The zero value is usable: no loaders
// (templates only from strings), autoescaping on, Django's default
// formats.
type Options struct {
	// Dirs are template directories, searched in order: the first that
	// has a name wins (Django's DIRS).
	Dirs []string
	// Loaders are searched after Dirs: FSLoader serves an embed.FS.
	Loaders []Loader
	// Debug re-reads a template whose file changed since it was compiled
	// (Django's development behaviour).
	Debug bool
	// DisableAutoescape turns HTML autoescaping off by default (Django's
	// autoescape option). Leave it false for HTML.
	DisableAutoescape bool
	// Builtins are libraries available without {% load %}.
	Builtins []*Library
	// Libraries can be loaded by name with {% load name %}.
	Libraries map[string]*Library
	// Now is the clock of {% now %}, timesince and timeuntil (default
	// time.Now).
	Now func() time.Time
	// Formats for dates and times without an explicit format, in
	// Django's format characters; empty means Django's default.
	DateFormat          string // "N j, Y"
	DateTimeFormat      string // "N j, Y, P"
	TimeFormat          string // "P"
	ShortDateFormat     string // "m/d/Y"
	ShortDateTimeFormat string // "m/d/Y P"
	// StaticURL prefixes {% static %} paths (default "/static/") unless
	// the render context has a StaticKey function.
	StaticURL string
	// MediaURL is {% get_media_prefix %} (Django's MEDIA_URL; default
	// "/", what Django's empty default becomes under the script prefix).
	MediaURL string
	// URL reverses {% url %} names unless the render context has a
	// URLKey function.
	URL URLFunc
}

// URLFunc reverses a route name with its positional or keyword
// arguments into a path, for {% url %}.
type URLFunc func(name string, args []any, kwargs map[string]any) (string, error)

// Render-context keys through which a framework provides the hooks of
// {% url %}, {% static %} and {% csrf_token %} for one render, without
// this package importing it. Names starting with an underscore cannot
// be reached from templates.
const (
	// URLKey holds a URLFunc.
	URLKey = "_url"
	// StaticKey holds a func(path string) string.
	StaticKey = "_static"
	// CSRFTokenKey holds the CSRF token, as Django's context processor
	// provides csrf_token.
	CSRFTokenKey = "csrf_token"
)

// Engine compiles, caches and renders templates. One per application;
// safe for concurrent use.
type Engine struct {
	opts    Options
	loaders []Loader
	filters map[string]Filter
	tags    map[string]TagFunc
	libs    map[string]*Library

	compileMu sync.Mutex // pongo2's TemplateSet is not safe for concurrent parses
	set       *pongo2.TemplateSet
	cache     sync.Map // name -> *Template
}

// New returns an engine with Django's built-in tags and filters.
func New(opts Options) (*Engine, error) {
	e := &Engine{opts: opts, filters: map[string]Filter{}, tags: map[string]TagFunc{}, libs: map[string]*Library{}}
	for _, d := range opts.Dirs {
		st, err := os.Stat(d)
		if err != nil {
			return nil, fmt.Errorf("templates: template directory: %w", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("templates: template directory %s is not a directory", d)
		}
		e.loaders = append(e.loaders, DirLoader(d))
	}
	e.loaders = append(e.loaders, opts.Loaders...)
	for name, f := range builtinFilters {
		e.filters[name] = f
	}
	for name, t := range builtinTags {
		e.tags[name] = t
	}
	for _, lib := range opts.Builtins {
		for name, f := range lib.Filters {
			e.filters[name] = f
		}
		for name, t := range lib.Tags {
			e.tags[name] = t
		}
	}
	for name, lib := range builtinLibraries {
		e.libs[name] = lib
	}
	for name, lib := range opts.Libraries {
		e.libs[name] = lib
	}
	if e.opts.Now == nil {
		e.opts.Now = time.Now
	}
	def := func(s *string, d string) {
		if *s == "" {
			*s = d
		}
	}
	def(&e.opts.DateFormat, "N j, Y")
	def(&e.opts.DateTimeFormat, "N j, Y, P")
	def(&e.opts.TimeFormat, "P")
	def(&e.opts.ShortDateFormat, "m/d/Y")
	def(&e.opts.ShortDateTimeFormat, "m/d/Y P")
	def(&e.opts.StaticURL, "/static/")
	def(&e.opts.MediaURL, "/")
	e.set = pongo2.NewSet("goframe", noLoader{})
	return e, nil
}

// MustNew is New for package-level set-up; it panics on error.
func MustNew(opts Options) *Engine {
	e, err := New(opts)
	if err != nil {
		panic(err)
	}
	return e
}

func (e *Engine) now() time.Time { return e.opts.Now() }

func (e *Engine) filter(name string) (*Filter, bool) {
	f, ok := e.filters[name]
	if !ok {
		return nil, false
	}
	return &f, true
}

func (e *Engine) tag(name string) (TagFunc, bool) {
	t, ok := e.tags[name]
	return t, ok
}

// overridesTag reports whether a project library replaced a built-in tag.
func (e *Engine) overridesTag(name string) bool {
	for _, lib := range e.opts.Builtins {
		if _, ok := lib.Tags[name]; ok {
			return true
		}
	}
	return false
}

func (e *Engine) library(name string) (*Library, bool) {
	l, ok := e.libs[name]
	return l, ok
}

func (e *Engine) libraryNames() []string {
	names := make([]string, 0, len(e.libs))
	for n := range e.libs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Template is a compiled template. Render it as often as needed, from
// any number of goroutines.
type Template struct {
	name    string
	engine  *Engine
	src     *source
	body    *pongo2.NodeWrapper
	blocks  map[string]*blockNode
	extends *extendsNode
	loader  Loader
	modTime time.Time
}

// Name returns the template's name.
func (t *Template) Name() string { return t.name }

// Get returns the compiled template name, compiling it on first use
// (and again after its file changed, with Debug).
func (e *Engine) Get(name string) (*Template, error) {
	return e.get(name, pos{})
}

func (e *Engine) get(name string, at pos) (*Template, error) {
	if v, ok := e.cache.Load(name); ok {
		t := v.(*Template)
		if !e.opts.Debug || !t.changed() {
			return t, nil
		}
	}
	if !validName(name) {
		return nil, notExist(at, name)
	}
	for _, l := range e.loaders {
		text, err := l.Load(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			e := at.wrap(fmt.Errorf("loading template %s: %w", name, err))
			return nil, e
		}
		var mod time.Time
		if st, ok := l.(modTimer); ok && e.opts.Debug {
			mod, _ = st.ModTime(name)
		}
		t, err := e.compile(name, text)
		if err != nil {
			return nil, err
		}
		t.loader, t.modTime = l, mod
		e.cache.Store(name, t)
		return t, nil
	}
	return nil, notExist(at, name)
}

// changed reports whether the template's file is newer than when it
// was compiled.
func (t *Template) changed() bool {
	st, ok := t.loader.(modTimer)
	if !ok {
		return false
	}
	mod, err := st.ModTime(t.name)
	return err != nil || !mod.Equal(t.modTime)
}

// validName refuses names that leave the loader roots.
func validName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || strings.ContainsRune(name, 0) {
		return false
	}
	return fs.ValidPath(path.Clean(name))
}

// FromString compiles text as a template called name (used in errors;
// it is not cached).
func (e *Engine) FromString(name, text string) (*Template, error) {
	return e.compile(name, text)
}

// compile turns source text into a Template.
func (e *Engine) compile(name, text string) (t *Template, err error) {
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, &Error{Kind: KindSyntax, Name: name, Message: fmt.Sprintf("internal error while compiling: %v", r)}
		}
	}()
	cs := &compileState{id: compileSeq.Add(1), engine: e, src: &source{name: name, text: text}, blocks: map[string]*blockNode{}}
	cs.tokens = lex(cs.src)
	skel, err := cs.skeleton()
	if err != nil {
		return nil, err
	}
	cs.skelText = skel
	compiles.Store(cs.id, cs)
	defer compiles.Delete(cs.id)
	perr := e.parseSkeleton(skel)
	if perr != nil {
		var p2 *pongo2.Error
		if errors.As(perr, &p2) {
			return nil, cs.mapPongoError(p2, nil)
		}
		return nil, perr
	}
	return &Template{name: name, engine: e, src: cs.src, body: cs.body, blocks: cs.blocks, extends: cs.extends}, nil
}

// parseSkeleton has pongo2 parse a skeleton, one parse at a time; the
// lock is released even when a project's tag panics while compiling.
func (e *Engine) parseSkeleton(skel string) error {
	e.compileMu.Lock()
	defer e.compileMu.Unlock()
	_, err := e.set.FromString(skel)
	return err
}

// Render renders the template name with vars into w. Nothing is written
// when rendering fails.
func (e *Engine) Render(w io.Writer, name string, vars map[string]any) error {
	t, err := e.Get(name)
	if err != nil {
		return err
	}
	return t.Render(w, vars)
}

// RenderString renders the template name with vars.
func (e *Engine) RenderString(name string, vars map[string]any) (string, error) {
	t, err := e.Get(name)
	if err != nil {
		return "", err
	}
	return t.RenderString(vars)
}

// Render renders t with vars into w. Nothing is written when rendering
// fails.
func (t *Template) Render(w io.Writer, vars map[string]any) error {
	var buf bytes.Buffer
	buf.Grow(len(t.src.text) + len(t.src.text)/2)
	if err := t.renderTo(&buf, vars); err != nil {
		return err
	}
	_, err := buf.WriteTo(w)
	return err
}

// RenderString renders t with vars.
func (t *Template) RenderString(vars map[string]any) (string, error) {
	var b strings.Builder
	b.Grow(len(t.src.text) + len(t.src.text)/2)
	if err := t.renderTo(&b, vars); err != nil {
		return "", err
	}
	return b.String(), nil
}

func (t *Template) renderTo(w Writer, vars map[string]any) (err error) {
	st := &renderState{engine: t.engine, cur: pos{src: t.src}}
	c := newRootContext(st, vars, !t.engine.opts.DisableAutoescape)
	defer func() {
		if r := recover(); r != nil {
			e := st.cur.newError(KindRender, fmt.Sprintf("panic while rendering: %v", r))
			e.Err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
			err = e
		}
	}()
	return t.render(c, w)
}

// render renders t in c (the template's own frame is c's).
func (t *Template) render(c *Context, w Writer) error {
	if t.extends != nil {
		return t.extends.renderChild(t, c, w)
	}
	if err := t.body.Execute(c.ec, w); err != nil {
		return unwrapP2(err)
	}
	return nil
}

// display is the text of {{ v }}, Django's render_value_in_context:
// localized dates (the engine's formats) and floats (no exponent), the
// rest as Python's str(), escaped unless safe.
func (e *Engine) display(v any, autoescape bool) string {
	switch x := v.(type) {
	case string, SafeString:
	case time.Time:
		return display(dateFormat(x, e.opts.DateTimeFormat), autoescape)
	case float64:
		return localizeFloat(x)
	case float32:
		return localizeFloat(float64(x))
	}
	return display(v, autoescape)
}

// localizeFloat is Django's localize() of a float: Python's str(), but a
// value Python writes with an exponent is written out in full, as
// numberformat.format does through Decimal ("1.5e-07" is "0.00000015").
func localizeFloat(f float64) string {
	s := formatFloat(f)
	mant, expStr, ok := strings.Cut(s, "e")
	if !ok {
		return s
	}
	exp, _ := strconv.Atoi(expStr)
	sign := ""
	if strings.HasPrefix(mant, "-") {
		sign, mant = "-", mant[1:]
	}
	point := strings.IndexByte(mant, '.')
	if point < 0 {
		point = len(mant)
	}
	digits := strings.Replace(mant, ".", "", 1)
	if exp < 0 && -exp+len(digits) > 200 || exp > 200 {
		return s // Django falls back to scientific notation here too
	}
	point += exp
	switch {
	case point <= 0:
		return sign + "0." + strings.Repeat("0", -point) + digits
	case point >= len(digits):
		return sign + digits + strings.Repeat("0", point-len(digits))
	}
	return sign + digits[:point] + "." + digits[point:]
}

// noLoader satisfies pongo2's TemplateSet, which is used only to parse.
type noLoader struct{}

func (noLoader) Abs(base, name string) string { return name }
func (noLoader) Get(path string) (io.Reader, error) {
	return nil, fmt.Errorf("templates: pongo2 loads nothing itself (%s)", path)
}
