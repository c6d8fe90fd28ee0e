package framework

import (
	"fmt"
	"strings"
)

// debugText renders the DEBUG page as plain text, for curl and scripts
// (Django's technical_500.txt): the same sections as the HTML page.
func debugText(rep *debugReport) []byte {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("%s", rep.Title)
	if rep.Message != "" {
		p("\n%s", rep.Message)
	}
	if rep.Kind == "500" && rep.ErrorValue != "" {
		p("\n%s", rep.ErrorValue)
	}
	p("")
	p("Request Method: %s", rep.Request.Method)
	p("Request URL: %s", rep.Request.URL)
	p("Status: %d %s", rep.Status, rep.StatusText)
	if rep.ErrorType != "" {
		p("Error Type: %s", rep.ErrorType)
	}
	p("Go Version: %s (%s)", rep.GoVersion, rep.Platform)
	if rep.GoframeVersion != "" {
		p("goframe Version: %s", rep.GoframeVersion)
	}
	p("Server time: %s", rep.ServerTime)
	if rep.Request.RequestID != "" {
		p("Request ID: %s", rep.Request.RequestID)
	}
	switch rep.Kind {
	case "404":
		p("")
		if len(rep.Routes) == 0 {
			p("This App has no routes.")
		} else {
			p("Using the routes of this App, goframe tried these URL patterns, in this order:")
			for i, rt := range rep.Routes {
				name := ""
				if rt.Name != "" {
					name = fmt.Sprintf(" [name='%s']", rt.Name)
				}
				p("%3d. %s %s%s", i+1, rt.Method, rt.Pattern, name)
			}
		}
		if rep.RouterMiss {
			p("The current path, %s, didn't match any of these.", rep.Request.Path)
		} else {
			p("The current path, %s, matched a route, and its view answered 404.", rep.Request.Path)
		}
	case "405":
		p("")
		p("The method %s is not allowed for %s. Allowed: %s", rep.Request.Method, rep.Request.Path, rep.Allowed)
	}
	if rep.CSRFHelp {
		p("")
		p("CSRF help: make sure the browser accepts cookies, each POST form has {%% csrf_token %%},")
		p("scripts send the token in the X-CSRFToken header, and other origins are in CSRF_TRUSTED_ORIGINS.")
	}
	if t := rep.Template; t != nil {
		p("")
		if t.Kind == "not found" {
			p("Template does not exist: %s", t.Missing)
			p("Looked in: %s", strings.Join(t.Dirs, ", "))
		} else {
			p("Template %s error in %s, line %d, column %d:", t.Kind, t.Name, t.Line, t.Column)
			p("  %s", t.Message)
		}
		for _, l := range t.Source {
			p("%s%4d | %s", marker(l.Current), l.Number, l.Text)
		}
	}
	if len(rep.Chain) > 1 {
		p("")
		p("Error chain:")
		for _, l := range rep.Chain {
			indent := strings.Repeat("  ", l.Depth+1)
			p("%s%s (%s)", indent, strings.ReplaceAll(l.Message, "\n", "\n"+indent), l.Type)
		}
	}
	if len(rep.Frames) > 0 {
		p("")
		p("Stack (innermost first):")
		for _, f := range rep.Frames {
			created := ""
			if f.CreatedBy {
				created = "created by "
			}
			p("  %s%s", created, f.Function)
			p("      %s:%d", f.File, f.Line)
			for _, l := range f.Source {
				p("    %s%5d | %s", marker(l.Current), l.Number, l.Text)
			}
		}
	}
	p("")
	p("Request information:")
	section := func(title string, rows []nameValue) {
		p("%s:", title)
		if len(rows) == 0 {
			p("  (none)")
		}
		for _, r := range rows {
			p("  %s = %s", r.Name, r.Value)
		}
	}
	if len(rep.Request.Params) > 0 {
		section("PATH PARAMETERS", rep.Request.Params)
	}
	section("GET", rep.Request.Query)
	section("POST", rep.Request.Form)
	section("FILES", rep.Request.Files)
	section("COOKIES", rep.Request.Cookies)
	section("HEADERS", rep.Request.Headers)
	p("")
	section("Settings", rep.Settings)
	p("")
	p("You're seeing this error because you have Debug: true (DEBUG=1) in your goframe configuration.")
	p("Change that to false, and goframe will display a standard page.")
	return []byte(b.String())
}

func marker(current bool) string {
	if current {
		return "> "
	}
	return "  "
}
