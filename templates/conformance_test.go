package templates

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"
)

// conformanceCase is one line of testdata/django-templates.jsonl, whose
// outputs were produced by Django 3.2.
type conformanceCase struct {
	ID        string            `json:"id"`
	Templates map[string]string `json:"templates"`
	Context   json.RawMessage   `json:"context"`
	Want      *string           `json:"want"`
	WantError string            `json:"want_error"`
}

// knownDifferences lists the cases goframe renders differently from
// Django on purpose or for want of a feature, each with its reason (also
// in docs/templates.md). The test fails when one of them starts to pass,
// so that the list stays true.
var knownDifferences = map[string]string{}

func loadConformance(t *testing.T) []conformanceCase {
	t.Helper()
	f, err := os.Open("testdata/django-templates.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []conformanceCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var c conformanceCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("bad case %s: %v", sc.Text(), err)
		}
		cases = append(cases, c)
	}
	return cases
}

func TestDjangoConformance(t *testing.T) {
	cases := loadConformance(t)
	fixed := time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)
	failed := 0
	for _, c := range cases {
		ok := t.Run(c.ID, func(t *testing.T) {
			e, err := New(Options{Loaders: []Loader{MapLoader(c.Templates)}, Now: func() time.Time { return fixed }})
			if err != nil {
				t.Fatal(err)
			}
			vars, err := ParseJSONContext(c.Context)
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.RenderString("index.html", vars)
			if c.WantError != "" {
				want := map[string]error{"TemplateSyntaxError": ErrSyntax, "TemplateDoesNotExist": ErrNotExist}[c.WantError]
				if !errors.Is(err, want) {
					t.Errorf("got %q, %v; want a %s", got, err, c.WantError)
				}
				return
			}
			if err != nil {
				t.Errorf("error: %v", err)
				return
			}
			if got != *c.Want {
				t.Errorf("\n got %q\nwant %q", got, *c.Want)
			}
		})
		if !ok {
			failed++
		}
	}
	t.Logf("%d of %d cases match Django", len(cases)-failed, len(cases))
}
