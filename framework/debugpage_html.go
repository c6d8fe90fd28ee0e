package framework

import (
	"bytes"
	"html/template"
)

// debugHTML renders the DEBUG page as HTML. html/template escapes every
// value the request or the error brings.
func debugHTML(rep *debugReport) []byte {
	var buf bytes.Buffer
	if err := debugPageTemplate.Execute(&buf, rep); err != nil {
		// Cannot happen with the report's plain fields; say so plainly.
		buf.Reset()
		buf.WriteString("<!doctype html><title>Error</title><pre>" + htmlEscape(err.Error()) + "</pre>")
	}
	return buf.Bytes()
}

var debugPageTemplate = template.Must(template.New("debug").Parse(debugPageHTML))

// debugPageHTML is the DEBUG page, after Django's technical_500.html and
// technical_404.html. No script: it is plain HTML with <details>.
const debugPageHTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="NONE,NOARCHIVE">
<title>{{.Title}}</title>
<style>
html * { padding:0; margin:0; }
body * { padding:10px 20px; }
body * * { padding:0; }
body { font-family: sans-serif; background-color:#fff; color:#000; }
body > :where(header, main, footer) { border-bottom:1px solid #ddd; }
h1 { font-weight:normal; margin-bottom:.4em; }
h1 span { font-size:60%; color:#666; font-weight:normal; }
h2 { margin-bottom:.8em; }
h3 { margin:1em 0 .5em 0; }
table { border:1px solid #ccc; border-collapse:collapse; width:100%; background:white; }
tbody td, tbody th { vertical-align:top; padding:2px 3px; }
thead th { padding:1px 6px 1px 3px; background:#fefefe; text-align:left; font-weight:normal; font-size:11px; border:1px solid #ddd; }
tbody th { width:12em; text-align:right; color:#666; padding-right:.5em; }
table.vars td, table.vars th { font-family:monospace; word-break:break-all; }
table.req td { font-family:monospace; }
pre, code { font-family:monospace; white-space:pre-wrap; }
.message { font-size:120%; background:#ffc; padding:.5em; }
#summary { background:#ffc; }
#summary h2 { font-weight:normal; color:#666; }
#summary table { border:none; background:transparent; }
#explanation, #info { background:#f6f6f6; }
#template, #routes, #traceback, #chain { background:#eee; }
ol.frames, ol.routes { list-style-type:none; }
ol.frames li { margin-bottom:1em; }
ol.frames li.library { color:#666; }
.fn { font-weight:bold; }
.loc { color:#666; font-family:monospace; }
.source { background:#f9f9f9; border:1px solid #ddd; margin-top:.3em; }
.source .line { display:block; }
.source .current { background:#d00; color:#fff; }
.source .num { color:#999; display:inline-block; width:4em; text-align:right; margin-right:1em; }
.tmpl .current { background:#d00; color:#fff; }
ul.chain { list-style-type:none; }
.type { color:#666; font-family:monospace; }
footer { background:#eee; border-top:1px solid #ccc; }
</style>
</head>
<body>
<header id="summary">
  <h1>{{.Title}}</h1>
  {{if .Message}}<pre class="message">{{.Message}}</pre>{{end}}
  {{if and .ErrorValue (eq .Kind "500")}}<pre class="message">{{.ErrorValue}}</pre>{{end}}
  <table class="meta">
    <tr><th scope="row">Request Method:</th><td>{{.Request.Method}}</td></tr>
    <tr><th scope="row">Request URL:</th><td>{{.Request.URL}}</td></tr>
    <tr><th scope="row">Status:</th><td>{{.Status}} {{.StatusText}}</td></tr>
    {{- if .ErrorType}}<tr><th scope="row">Error Type:</th><td>{{.ErrorType}}</td></tr>{{end}}
    {{- if .ErrorValue}}<tr><th scope="row">Error Value:</th><td><pre>{{.ErrorValue}}</pre></td></tr>{{end}}
    {{- with .Frames}}{{with index . 0}}<tr><th scope="row">Raised in:</th><td><code>{{.Function}}</code>, {{.File}}:{{.Line}}</td></tr>{{end}}{{end}}
    <tr><th scope="row">Go Version:</th><td>{{.GoVersion}} ({{.Platform}})</td></tr>
    {{- if .GoframeVersion}}<tr><th scope="row">goframe Version:</th><td>{{.GoframeVersion}}</td></tr>{{end}}
    <tr><th scope="row">Server time:</th><td>{{.ServerTime}}</td></tr>
    {{- if .Request.RequestID}}<tr><th scope="row">Request ID:</th><td><code>{{.Request.RequestID}}</code></td></tr>{{end}}
  </table>
</header>
<main>
{{- if eq .Kind "404"}}
<section id="routes">
  {{- if .Routes}}
  <p>Using the routes of this App, goframe tried these URL patterns, in this order:</p>
  <ol class="routes">
    {{- range .Routes}}
    <li><code>{{.Method}} {{.Pattern}}</code>{{if .Name}} [name='{{.Name}}']{{end}}</li>
    {{- end}}
  </ol>
  {{- else}}
  <p>This App has no routes.</p>
  {{- end}}
  {{- if .RouterMiss}}
  <p>The current path, <code>{{.Request.Path}}</code>, didn't match any of these.</p>
  {{- else}}
  <p>The current path, <code>{{.Request.Path}}</code>, matched a route, and its view answered 404{{if .Message}}: {{.Message}}{{else}}.{{end}}</p>
  {{- end}}
</section>
{{- end}}
{{- if eq .Kind "405"}}
<section id="explanation">
  <p>The method <code>{{.Request.Method}}</code> is not allowed for <code>{{.Request.Path}}</code>.
  {{if .Allowed}}The routes of this path allow: <code>{{.Allowed}}</code>.{{else}}No method is allowed.{{end}}</p>
</section>
{{- end}}
{{- if .CSRFHelp}}
<section id="explanation">
  <h2>Help</h2>
  <p>Reason given for failure:</p>
  <pre>    {{.Message}}</pre>
  <p>In general, this can occur when there is a genuine Cross Site Request Forgery, or when goframe's CSRF
  mechanism has not been used correctly. For POST forms, you need to ensure:</p>
  <ul>
    <li>Your browser is accepting cookies.</li>
    <li>The view renders the form's page with <code>r.Render</code>, which gives the template its <code>csrf_token</code>.</li>
    <li>In the template, there is a <code>{% csrf_token %}</code> template tag inside each POST form that targets an internal URL.</li>
    <li>A request sent by a script (fetch, XHR) carries the token in the <code>X-CSRFToken</code> header.</li>
    <li>The form has a valid CSRF token. After logging in in another browser tab or hitting the back button after a login,
    you may need to reload the page with the form, because the token is rotated after a login.</li>
    <li>A site behind a proxy or on another origin lists its origin in <code>CSRF_TRUSTED_ORIGINS</code>.</li>
  </ul>
  <p>A route that must accept requests from other sites (a webhook) can be exempted with <code>CSRFExempt()</code>.</p>
</section>
{{- end}}
{{- with .Template}}
<section id="template">
  {{- if eq .Kind "not found"}}
  <h2>Template does not exist: <code>{{.Missing}}</code></h2>
  {{- if .Name}}<p>Named in template <code>{{.Name}}</code>{{if .Line}}, line {{.Line}}{{end}}.</p>{{end}}
  <p>The template loaders looked in:</p>
  <ul>{{range .Dirs}}<li><code>{{.}}</code></li>{{else}}<li>no template directory</li>{{end}}</ul>
  {{- else}}
  <h2>Template {{.Kind}} error</h2>
  <p>In template <code>{{.Name}}</code>{{if .Line}}, error at line {{.Line}}, column {{.Column}}{{end}}</p>
  <pre class="message">{{.Message}}</pre>
  {{- end}}
  {{- if .Source}}
  <table class="source tmpl">
    {{- range .Source}}
    <tr{{if .Current}} class="current"{{end}}><th>{{.Number}}</th><td><pre>{{.Text}}</pre></td></tr>
    {{- end}}
  </table>
  {{- end}}
</section>
{{- end}}
{{- if gt (len .Chain) 1}}
<section id="chain">
  <h2>Error chain</h2>
  <ul class="chain">
    {{- range .Chain}}
    <li style="margin-left: {{.Depth}}em">{{.Message}} <span class="type">({{.Type}})</span></li>
    {{- end}}
  </ul>
</section>
{{- end}}
{{- if .Frames}}
<section id="traceback">
  <h2>Stack <span>(innermost first)</span></h2>
  <ol class="frames">
    {{- range .Frames}}
    <li class="{{if .Library}}library{{else}}project{{end}}">
      {{if .CreatedBy}}created by {{end}}<span class="fn">{{.Function}}</span><br>
      <span class="loc">{{.File}}{{if .Line}}:{{.Line}}{{end}}</span>
      {{- if .Source}}
      <pre class="source">{{range .Source}}<span class="line{{if .Current}} current{{end}}"><span class="num">{{.Number}}</span>{{.Text}}</span>{{end}}</pre>
      {{- end}}
    </li>
    {{- end}}
  </ol>
</section>
{{- else if eq .Kind "500"}}
{{- if .ErrorType}}
<section id="traceback">
  <p>A Go error carries no stack: the chain of wrapped errors above is its trace. Wrap errors with context
  (<code>fmt.Errorf("loading post %d: %w", id, err)</code>) to make it tell where it came from.</p>
</section>
{{- end}}
{{- end}}
<section id="info">
  <h2>Request information</h2>
  {{- if .Request.Params}}
  <h3>Path parameters</h3>
  {{template "vars" .Request.Params}}
  {{- end}}
  <h3>GET</h3>
  {{if .Request.Query}}{{template "vars" .Request.Query}}{{else}}<p>No GET data</p>{{end}}
  <h3>POST</h3>
  {{if .Request.Form}}{{template "vars" .Request.Form}}{{else}}<p>No POST data{{if ne .Request.Method "GET"}} (or the view did not read the form){{end}}</p>{{end}}
  <h3>FILES</h3>
  {{if .Request.Files}}{{template "vars" .Request.Files}}{{else}}<p>No FILES data</p>{{end}}
  <h3>COOKIES</h3>
  {{if .Request.Cookies}}{{template "vars" .Request.Cookies}}{{else}}<p>No cookie data</p>{{end}}
  <h3>HEADERS</h3>
  {{template "vars" .Request.Headers}}
  <p>Protocol <code>{{.Request.Proto}}</code>, remote address <code>{{.Request.RemoteAddr}}</code>.</p>
  <h2>Settings</h2>
  {{template "vars" .Settings}}
</section>
</main>
<footer id="explanation">
  <p>You're seeing this error because you have <code>Debug: true</code> (<code>DEBUG=1</code>) in your
  goframe configuration. Change that to false, and goframe will display a standard page
  (the template <code>{{.Status}}.html</code> if the project has one).</p>
</footer>
</body>
</html>
{{define "vars"}}<table class="vars">
  <thead><tr><th>Name</th><th>Value</th></tr></thead>
  <tbody>
  {{- range .}}
    <tr><td>{{.Name}}</td><td><pre>{{.Value}}</pre></td></tr>
  {{- end}}
  </tbody>
</table>{{end}}`
