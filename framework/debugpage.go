package framework

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/goframe/goframe/templates"
)

// The DEBUG error page, after Django's technical_500 and technical_404:
// what failed (the error, its chain of wrapped errors, a panic's stack
// with the project's source around each frame, a template error's
// source), the request and the settings — secrets masked. It comes as
// HTML for a browser, plain text for curl or an XHR, JSON when the
// client asks for it.

// debugReport is everything the DEBUG page shows; the HTML, text and
// JSON forms render it.
type debugReport struct {
	Status     int    `json:"status"`
	StatusText string `json:"status_text"`
	// Kind picks the page's sections: "500" (a server error), "404",
	// "405", "403" or "4xx".
	Kind  string `json:"kind"`
	Title string `json:"title"`
	// Message is the view's reason (NotFound("No Post matches..."), a
	// CSRF failure).
	Message string `json:"message,omitempty"`

	ErrorType  string       `json:"error_type,omitempty"`
	ErrorValue string       `json:"error_value,omitempty"`
	Panic      bool         `json:"panic,omitempty"`
	Chain      []chainLink  `json:"chain,omitempty"`
	Frames     []stackFrame `json:"frames,omitempty"`
	// Template is a template error's place and source.
	Template *templateReport `json:"template_error,omitempty"`

	// Routes are the App's routes (404), RouterMiss whether the router
	// matched none of them, Allowed the methods a 405's path allows.
	Routes     []routeRow `json:"routes,omitempty"`
	RouterMiss bool       `json:"router_miss,omitempty"`
	Allowed    string     `json:"allowed,omitempty"`
	CSRFHelp   bool       `json:"csrf_help,omitempty"`

	Request  requestReport `json:"request"`
	Settings []nameValue   `json:"settings"`

	GoVersion      string `json:"go_version"`
	GoframeVersion string `json:"goframe_version,omitempty"`
	Platform       string `json:"platform"`
	ServerTime     string `json:"server_time"`
}

// routeRow is one of the App's routes, as the 404 page lists them.
type routeRow struct {
	Method  string `json:"method"`
	Pattern string `json:"pattern"`
	Name    string `json:"name,omitempty"`
}

// chainLink is one error of the chain errors.Unwrap walks; Depth grows
// with each level (a joined error's members share one).
type chainLink struct {
	Depth   int    `json:"depth"`
	Type    string `json:"type"`
	Message string `json:"message"`
}

// templateReport is a template error as Django's template debug shows
// it.
type templateReport struct {
	Name    string       `json:"name"`
	Line    int          `json:"line"`
	Column  int          `json:"column"`
	Message string       `json:"message"`
	Kind    string       `json:"kind"`
	Missing string       `json:"missing,omitempty"`
	Source  []sourceLine `json:"source,omitempty"`
	// Dirs are where templates are looked for, for a missing one.
	Dirs []string `json:"dirs,omitempty"`
}

// sourceLine is a numbered line of source; Current marks the failing
// one.
type sourceLine struct {
	Number  int    `json:"number"`
	Text    string `json:"text"`
	Current bool   `json:"current,omitempty"`
}

// nameValue is one row of a table (a header, a setting).
type nameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// debugPage builds the DEBUG page for e in the format the client
// accepts, and returns it with its content type.
func (a *App) debugPage(w http.ResponseWriter, r *http.Request, e errorPage) ([]byte, string) {
	rep := a.debugReport(w, r, e)
	switch debugFormat(r.Header.Get("Accept")) {
	case "json":
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil { // cannot happen: the report holds strings and numbers
			b = []byte(strconv.Quote(err.Error()))
		}
		return append(b, '\n'), "application/json"
	case "text":
		return debugText(rep), "text/plain; charset=utf-8"
	}
	return debugHTML(rep), "text/html; charset=utf-8"
}

// debugFormat picks "html", "json" or "text" from an Accept header: the
// type with the highest q, a type named outright beating one a wildcard
// matches, and plain text on a tie — so a browser (text/html) gets HTML,
// curl and fetch (*/*) plain text, and an XHR asking for JSON JSON, as
// Django answers with text when the client does not ask for HTML.
func debugFormat(accept string) string {
	offers := []struct{ format, typ string }{
		{"text", "text/plain"}, {"html", "text/html"}, {"json", "application/json"},
	}
	best, bestQ, bestSpec := "text", -1.0, -1
	for _, o := range offers {
		q, spec := acceptQ(accept, o.typ)
		if q > 0 && (q > bestQ || q == bestQ && spec > bestSpec) {
			best, bestQ, bestSpec = o.format, q, spec
		}
	}
	if bestQ < 0 && strings.Contains(accept, "+json") {
		return "json" // application/problem+json and the like
	}
	return best
}

// acceptQ returns the quality accept gives typ and how specific the
// range that gave it is (2 exact, 1 type/*, 0 */*); q is -1 when no
// range matches.
func acceptQ(accept, typ string) (q float64, spec int) {
	q, spec = -1, -1
	main, _, _ := strings.Cut(typ, "/")
	for part := range strings.SplitSeq(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		s := -1
		switch {
		case mt == typ:
			s = 2
		case mt == main+"/*":
			s = 1
		case mt == "*/*":
			s = 0
		}
		if s < 0 || s < spec {
			continue
		}
		pq := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				pq = f
			}
		}
		q, spec = pq, s
	}
	return q, spec
}

// debugReport gathers what the DEBUG page shows for e.
func (a *App) debugReport(w http.ResponseWriter, r *http.Request, e errorPage) *debugReport {
	rep := &debugReport{
		Status:     e.status,
		StatusText: http.StatusText(e.status),
		Message:    e.msg,
		Request:    requestInfo(w, r),
		Settings:   settingsInfo(a.cfg),
		GoVersion:  runtime.Version(),
		Platform:   runtime.GOOS + "/" + runtime.GOARCH,
		ServerTime: time.Now().Format(time.RFC1123Z),
	}
	rep.GoframeVersion = goframeVersion(readBuildInfo())
	if e.err != nil {
		a.describeError(rep, e.err)
	}
	switch {
	case e.status >= 500:
		rep.Kind = "500"
		switch {
		case rep.ErrorType != "":
			rep.Title = rep.ErrorType + " at " + r.URL.Path
		default:
			rep.Title = fmt.Sprintf("%s (%d) at %s", rep.StatusText, e.status, r.URL.Path)
		}
	case e.status == http.StatusNotFound:
		rep.Kind = "404"
		rep.Title = "Page not found (404)"
		for _, rt := range a.router.Routes() {
			rep.Routes = append(rep.Routes, routeRow{rt.Method, rt.Pattern, rt.Name})
		}
		rep.RouterMiss = e.routerMiss
	case e.status == http.StatusMethodNotAllowed:
		rep.Kind = "405"
		rep.Title = "Method Not Allowed (405)"
		rep.Allowed = w.Header().Get("Allow")
	case e.status == http.StatusForbidden:
		rep.Kind = "403"
		rep.Title = "Forbidden (403)"
		rep.CSRFHelp = isCSRFFailure(e.msg)
	default:
		rep.Kind = "4xx"
		rep.Title = fmt.Sprintf("%s (%d)", rep.StatusText, e.status)
	}
	return rep
}

// describeError fills the report's error sections from err.
func (a *App) describeError(rep *debugReport, err error) {
	var pe *panicError
	if errors.As(err, &pe) {
		rep.Panic = true
		rep.ErrorType = "panic"
		if _, ok := pe.value.(string); !ok {
			rep.ErrorType = fmt.Sprintf("panic (%T)", pe.value)
		}
		rep.ErrorValue = fmt.Sprint(pe.value)
		rep.Frames = parseStack(pe.stack)
	} else {
		rep.ErrorType = errorTypeName(err)
		rep.ErrorValue = err.Error()
	}
	rep.Chain = errorChain(err)
	// A panic whose stack is only in an error's message (a template's
	// render panic): the stack shows as frames, the messages without it.
	for i := range rep.Chain {
		msg, stack, ok := splitStack(rep.Chain[i].Message)
		if !ok {
			continue
		}
		if rep.Frames == nil {
			rep.Frames = parseStack([]byte(stack))
		}
		rep.Chain[i].Message = msg
	}
	if msg, _, ok := splitStack(rep.ErrorValue); ok {
		rep.ErrorValue = msg
	}
	var te *templates.Error
	if errors.As(err, &te) {
		rep.Template = a.templateReport(te)
		switch {
		case rep.Panic:
		case te.Kind == templates.KindNotExist:
			rep.ErrorType = "template does not exist"
		default:
			rep.ErrorType = "template " + rep.Template.Kind + " error"
		}
	}
}

// errorTypeName names err's type as Django's "Exception Type": the
// innermost type the chain reaches through single wraps, since Go's
// wrappers (*fmt.wrapError) say nothing.
func errorTypeName(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return fmt.Sprintf("%T", err)
		}
		if t := reflect.TypeOf(err).String(); t != "*fmt.wrapError" && t != "*fmt.wrapErrors" {
			return t
		}
		err = next
	}
}

// errorChain lists err and the errors it wraps, depth first; at most
// 50, since a chain can be built to loop.
func errorChain(err error) []chainLink {
	var out []chainLink
	var walk func(e error, depth int)
	walk = func(e error, depth int) {
		if e == nil || len(out) >= 50 {
			return
		}
		out = append(out, chainLink{Depth: depth, Type: fmt.Sprintf("%T", e), Message: e.Error()})
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap(), depth+1)
		case interface{ Unwrap() []error }:
			for _, m := range u.Unwrap() {
				walk(m, depth+1)
			}
		}
	}
	walk(err, 0)
	return out
}

// templateReport describes a template error.
func (a *App) templateReport(te *templates.Error) *templateReport {
	tr := &templateReport{Name: te.Name, Line: te.Line, Column: te.Column, Message: te.Message, Missing: te.Missing}
	switch te.Kind {
	case templates.KindSyntax:
		tr.Kind = "syntax"
	case templates.KindNotExist:
		tr.Kind = "not found"
		if a.cfg.TemplatesFS != nil {
			tr.Dirs = []string{fmt.Sprintf("Config.TemplatesFS (%T)", a.cfg.TemplatesFS)}
		} else {
			tr.Dirs = a.cfg.TemplateDirs
		}
	default:
		tr.Kind = "render"
	}
	if msg, _, ok := splitStack(tr.Message); ok {
		tr.Message = msg
	}
	for _, l := range te.Source {
		tr.Source = append(tr.Source, sourceLine{Number: l.Number, Text: l.Text, Current: l.Number == te.Line})
	}
	return tr
}

// readBuildInfo returns the program's build information, or nil.
func readBuildInfo() *debug.BuildInfo {
	bi, _ := debug.ReadBuildInfo()
	return bi
}
