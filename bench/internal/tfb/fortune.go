package tfb

import (
	"html/template"
	"io"
	"slices"
	"strings"
)

// Fortune is one row of the Fortune table.
type Fortune struct {
	ID      int
	Message string
}

// AddedFortune is the message each /fortunes request adds (with id 0)
// before sorting.
const AddedFortune = "Additional fortune added at request time."

// HTMLContentType is the content type of /fortunes.
const HTMLContentType = "text/html; charset=utf-8"

// SeedFortunes returns TechEmpower's 12 fortunes, in id order.
func SeedFortunes() []Fortune {
	return []Fortune{
		{1, "fortune: No such file or directory"},
		{2, "A computer scientist is someone who fixes things that aren't broken."},
		{3, "After enough decimal places, nobody gives a damn."},
		{4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"},
		{5, "A computer program does what you tell it to do, not what you want it to do."},
		{6, "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"},
		{7, "Any program that runs right is obsolete."},
		{8, "A list is only as strong as its weakest link. — Donald Knuth"},
		{9, "Feature: A bug with seniority."},
		{10, "Computers make very fast, very accurate mistakes."},
		{11, `<script>alert("This should not be displayed in a browser alert box.");</script>`},
		{12, "フレームワークのベンチマーク"},
	}
}

// AddAndSort appends the request-time fortune (id 0) to fs and sorts the
// result by message, as TechEmpower's fortunes test requires.
func AddAndSort(fs []Fortune) []Fortune {
	fs = append(fs, Fortune{ID: 0, Message: AddedFortune})
	slices.SortFunc(fs, func(a, b Fortune) int { return strings.Compare(a.Message, b.Message) })
	return fs
}

const fortunesHTML = `<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>{{range .}}<tr><td>{{.ID}}</td><td>{{.Message}}</td></tr>{{end}}</table></body></html>`

// Templates holds the parsed fortunes page; make one with NewTemplates and
// share it between requests (html/template is safe for concurrent use).
type Templates struct {
	fortunes *template.Template
}

// NewTemplates parses the fortunes page.
func NewTemplates() *Templates {
	return &Templates{fortunes: template.Must(template.New("fortunes").Parse(fortunesHTML))}
}

// Fortunes writes the fortunes page for fs (already sorted) to w, escaped
// by html/template.
func (t *Templates) Fortunes(w io.Writer, fs []Fortune) error {
	return t.fortunes.Execute(w, fs)
}
