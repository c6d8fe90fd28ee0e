package templates

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// The expected outputs are what Django 3.2 renders (USE_TZ = False,
// TIME_ZONE = "UTC", the clock at testNow), many from Django's own
// tests (tests/template_tests/filter_tests/test_date.py, test_time.py,
// test_timesince.py, test_timeuntil.py, syntax_tests/test_now.py).
// wantErr cases are Django exceptions: want is a part of the message.
func TestDateFilters(t *testing.T) {
	tests := []struct {
		src     string
		vars    map[string]any
		want    string
		wantErr bool
	}{
		{"{{ d|date }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "March 7, 2026", false},
		{"{{ d|date:\"\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "March 7, 2026", false},
		{"{{ d|date:\"DATE_FORMAT\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "March 7, 2026", false},
		{"{{ d|date:\"DATETIME_FORMAT\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "March 7, 2026, 9:05 a.m.", false},
		{"{{ d|date:\"SHORT_DATE_FORMAT\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "03/07/2026", false},
		{"{{ d|date:\"SHORT_DATETIME_FORMAT\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "03/07/2026 9:05 a.m.", false},
		{"{{ d|date:\"TIME_FORMAT\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "9:05 a.m.", false},
		{"{{ d|date:\"YEAR_MONTH_FORMAT\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "March 2026", false},
		{"{{ d|date:\"MONTH_DAY_FORMAT\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "March 7", false},
		{"{{ d|date:\"date_format\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "07a.m.31_9:052026Sat, 07 Mar 2026 09:05:03 +000003a.m.31", false},
		{"{{ d|date:f }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC), "f": "jS F"}, "7th March", false},
		{"{{ d|date:f }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC), "f": "SHORT_DATE_FORMAT"}, "03/07/2026", false},
		{"{{ d|date:0 }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "March 7, 2026", false},
		{"{{ d|date:5 }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "5", false},
		{"{{ d|date:2.5 }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "2.5", false},
		{"{{ d|date:b }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC), "b": false}, "March 7, 2026", false},
		{"{{ d|date:b }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC), "b": true}, "UTCSat, 07 Mar 2026 09:05:03 +0000000000", false},
		{"{{ d|date:\"D d M Y\" }} | {{ d|date:\"l jS \\o\\f F Y h:i:s A\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "Sat 07 Mar 2026 | Saturday 7th of March 2026 09:05:03 AM", false},
		{"{{ d|date:\"Y-m-d H:i\" }} {{ d|date:\"N\" }} {{ d|date:\"z\" }} {{ d|date:\"L\" }}", map[string]any{"d": time.Date(2025, 12, 25, 18, 30, 0, 0, time.UTC)}, "2025-12-25 18:30 Dec. 359 False", false},
		{"{{ d|date:\"<\\b>\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "&lt;b&gt;", false},
		{"{% autoescape off %}{{ d|date:\"<\\b>\" }}{% endautoescape %}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "<b>", false},
		{"{{ d|date:\"P\" }}", map[string]any{"d": time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)}, "midnight", false},
		{"{{ d|date:\"jS\" }}", map[string]any{"d": time.Date(2023, 6, 22, 0, 0, 0, 0, time.UTC)}, "22nd", false},
		{"{{ d }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "March 7, 2026, 9:05 a.m.", false},
		{"{{ s|date }}", map[string]any{"s": "abc"}, "", false},
		{"{{ s|date:\"q-k\" }}", map[string]any{"s": "abc"}, "q-k", false},
		{"{{ s|date:\"e O\" }}", map[string]any{"s": "abc"}, " ", false},
		{"{{ s|date:\"e|O|T|Z|I\" }}", map[string]any{"s": "abc"}, "||||", false},
		{"{{ s|date:\"\\Y\" }}", map[string]any{"s": "abc"}, "Y", false},
		{"{{ n|date:\"q\" }}", map[string]any{"n": 5}, "q", false},
		{"{{ n|date:\"q\" }}", map[string]any{"n": 0}, "q", false},
		{"{{ n|date:\"Y\" }}", map[string]any{"n": 5}, "", false},
		{"{{ none|date:\"q\" }}", map[string]any{"none": nil}, "", false},
		{"{{ missing|date:\"q\" }}", nil, "", false},
		{"{{ \"\"|date:\"q\" }}", nil, "", false},
		{"{{ l|date:\"Y\" }}", map[string]any{"l": []any{1}}, "", false},
		{"{{ d|time }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "9:05 a.m.", false},
		{"{{ d|time:\"H:i\" }} {{ d|time }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "09:05 9:05 a.m.", false},
		{"{{ d|time:\"\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "9:05 a.m.", false},
		{"{{ d|time:\"TIME_FORMAT\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "9:05 a.m.", false},
		{"{{ d|time:\"DATE_FORMAT\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "", false},
		{"{{ d|time:\"Y\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "", false},
		{"{{ d|time:\"H \\Y\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "09 Y", false},
		{"{{ d|time:\"e|O|T|Z\" }}", map[string]any{"d": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "|+0000|UTC|0", false},
		{"{{ d|time:\"P\" }}", map[string]any{"d": time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC)}, "noon", false},
		{"{{ d|time:\"P\" }}", map[string]any{"d": time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC)}, "midnight", false},
		{"{{ d|time:\"P\" }}", map[string]any{"d": time.Date(2026, 3, 7, 15, 30, 0, 0, time.UTC)}, "3:30 p.m.", false},
		{"{{ s|time:\"q\" }}", map[string]any{"s": "abc"}, "q", false},
		{"{{ s|time:\"O\" }}", map[string]any{"s": "abc"}, "", false},
		{"{{ s|time:\"I\" }}", map[string]any{"s": "abc"}, "", false},
		{"{{ s|time:\"H\" }}", map[string]any{"s": "abc"}, "", false},
		{"{{ none|time }}", map[string]any{"none": nil}, "", false},
		{"{{ a|timesince }}", map[string]any{"a": time.Date(2026, 3, 7, 9, 3, 53, 0, time.UTC)}, "1\u00a0minute", false},
		{"{{ a|timesince }}", map[string]any{"a": time.Date(2026, 3, 6, 9, 4, 3, 0, time.UTC)}, "1\u00a0day", false},
		{"{{ a|timesince }}", map[string]any{"a": time.Date(2026, 3, 7, 7, 39, 53, 0, time.UTC)}, "1\u00a0hour, 25\u00a0minutes", false},
		{"{{ a|timesince:b }}", map[string]any{"a": time.Date(2026, 3, 5, 9, 5, 3, 0, time.UTC), "b": time.Date(2026, 3, 6, 9, 5, 3, 0, time.UTC)}, "1\u00a0day", false},
		{"{{ a|timesince:b }}", map[string]any{"a": time.Date(2026, 3, 5, 9, 4, 3, 0, time.UTC), "b": time.Date(2026, 3, 5, 9, 5, 3, 0, time.UTC)}, "1\u00a0minute", false},
		{"{{ earlier|timesince }}", map[string]any{"earlier": time.Date(2026, 2, 28, 9, 5, 3, 0, time.UTC)}, "1\u00a0week", false},
		{"{{ earlier|timesince:now }}", map[string]any{"earlier": time.Date(2026, 2, 28, 9, 5, 3, 0, time.UTC), "now": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "1\u00a0week", false},
		{"{{ later|timesince }}", map[string]any{"later": time.Date(2026, 3, 14, 9, 5, 3, 0, time.UTC)}, "0\u00a0minutes", false},
		{"{{ later|timesince:now }}", map[string]any{"later": time.Date(2026, 3, 14, 9, 5, 3, 0, time.UTC), "now": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "0\u00a0minutes", false},
		{"{{ a|timesince }}", map[string]any{"a": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)}, "0\u00a0minutes", false},
		{"{{ a|timesince:\"\" }}", map[string]any{"a": time.Date(2026, 3, 4, 9, 5, 3, 0, time.UTC)}, "3\u00a0days", false},
		{"{{ a|timesince:0 }}", map[string]any{"a": time.Date(2026, 3, 4, 9, 5, 3, 0, time.UTC)}, "3\u00a0days", false},
		{"{{ a|timesince:b }}", map[string]any{"a": time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), "b": time.Date(2026, 3, 8, 5, 0, 0, 0, time.UTC)}, "1\u00a0week", false},
		{"{{ none|timesince }}", map[string]any{"none": nil}, "", false},
		{"{{ \"\"|timesince }}", nil, "", false},
		{"{{ 0|timesince }}", nil, "", false},
		{"{{ missing|timesince }}", nil, "", false},
		{"{{ s|timesince }}", map[string]any{"s": "abc"}, "'str' object has no attribute 'year'", true},
		{"{{ a|timesince:s }}", map[string]any{"a": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC), "s": "abc"}, "'str' object has no attribute 'year'", true},
		{"{{ n|timesince }}", map[string]any{"n": 5}, "'int' object has no attribute 'year'", true},
		{"{{ l|timesince }}", map[string]any{"l": []any{1}}, "'list' object has no attribute 'year'", true},
		{"{{ a|timeuntil }}", map[string]any{"a": time.Date(2026, 3, 7, 9, 7, 13, 0, time.UTC)}, "2\u00a0minutes", false},
		{"{{ a|timeuntil }}", map[string]any{"a": time.Date(2026, 3, 8, 9, 6, 3, 0, time.UTC)}, "1\u00a0day", false},
		{"{{ a|timeuntil }}", map[string]any{"a": time.Date(2026, 3, 7, 17, 15, 13, 0, time.UTC)}, "8\u00a0hours, 10\u00a0minutes", false},
		{"{{ a|timeuntil:b }}", map[string]any{"a": time.Date(2026, 3, 6, 9, 5, 3, 0, time.UTC), "b": time.Date(2026, 3, 5, 9, 5, 3, 0, time.UTC)}, "1\u00a0day", false},
		{"{{ a|timeuntil:b }}", map[string]any{"a": time.Date(2026, 3, 5, 9, 5, 3, 0, time.UTC), "b": time.Date(2026, 3, 5, 9, 4, 3, 0, time.UTC)}, "1\u00a0minute", false},
		{"{{ a|timeuntil }}", map[string]any{"a": time.Date(2026, 2, 28, 9, 5, 3, 0, time.UTC)}, "0\u00a0minutes", false},
		{"{{ a|timeuntil:b }}", map[string]any{"a": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC), "b": time.Date(2026, 3, 14, 9, 5, 3, 0, time.UTC)}, "0\u00a0minutes", false},
		{"{{ b|timeuntil:a }}", map[string]any{"a": time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), "b": time.Date(2026, 4, 15, 0, 0, 0, 0, time.UTC)}, "1\u00a0month, 2\u00a0weeks", false},
		{"{{ a|timeuntil:\"\" }}", map[string]any{"a": time.Date(2027, 4, 11, 9, 5, 3, 0, time.UTC)}, "1\u00a0year, 1\u00a0month", false},
		{"{{ none|timeuntil }}", map[string]any{"none": nil}, "", false},
		{"{{ s|timeuntil }}", map[string]any{"s": "abc"}, "'str' object has no attribute 'year'", true},
		{"{{ a|timeuntil:s }}", map[string]any{"a": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC), "s": "abc"}, "'str' object has no attribute 'year'", true},
		{"{{ a|timeuntil:s }}", map[string]any{"a": time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC), "s": true}, "'bool' object has no attribute 'year'", true},
		{"{% now \"Y\" %}", nil, "2026", false},
		{"{% now 'jS \\o\\f F' %}", nil, "7th of March", false},
		{"{% now \"DATE_FORMAT\" %}", nil, "March 7, 2026", false},
		{"{% now \"SHORT_DATETIME_FORMAT\" %}", nil, "03/07/2026 9:05 a.m.", false},
		{"{% now \"\" %}", nil, "March 7, 2026", false},
		{"{% now Y %}", nil, "March 7, 2026", false},
		{"{% now \"c U\" %}", nil, "2026-03-07T09:05:03 1772874303", false},
		{"{% now \"<\\b>\" %}", nil, "<b>", false},
		{"{% now \"<\\b>\" as x %}{{ x }}", nil, "&lt;b&gt;", false},
		{"{% now \"Y\" as y %}[{{ y }}]", nil, "[2026]", false},
		{"{% with a=1 %}{% now \"Y\" as y %}{{ y }}{% endwith %}[{{ y }}]", nil, "2026[]", false},
		{"{% now \"N \\\"j\\\"\" %}", nil, "March \"7\"", false},
		{"{% now 'N \"j\"' %}", nil, "March \"7\"", false},
		{"{% now \"Y' %}", nil, "2026", false},
		{"{% now \"l, F jS\" as d %}{% if d %}{{ d }}{% endif %}", nil, "Saturday, March 7th", false},
		{"{% now %}", nil, "'now' statement takes one argument", true},
		{"{% now \"Y\" \"m\" %}", nil, "'now' statement takes one argument", true},
		{"{% now \"Y\" as %}", nil, "'now' statement takes one argument", true},
		{"{% now \"Y\" to y %}", nil, "'now' statement takes one argument", true},
		{"{% now \"Y\" as y z %}", nil, "'now' statement takes one argument", true},
	}
	for _, tt := range tests {
		got, err := renderErr(t, tt.src, tt.vars)
		switch {
		case tt.wantErr && err == nil:
			t.Errorf("%s: got %q, want an error %q", tt.src, got, tt.want)
		case tt.wantErr && !strings.Contains(err.Error(), tt.want):
			t.Errorf("%s: got error %v, want %q", tt.src, err, tt.want)
		case !tt.wantErr && err != nil:
			t.Errorf("%s: %v", tt.src, err)
		case !tt.wantErr && got != tt.want:
			t.Errorf("%s\n got %q\nwant %q", tt.src, got, tt.want)
		}
	}
}

func TestNowSyntaxErrors(t *testing.T) {
	for _, src := range []string{`{% now %}`, `{% now "Y" "m" %}`, `{% now "Y" as %}`, `{% now "Y" to y %}`, `{% now "Y" as y z %}`} {
		_, err := renderErr(t, src, nil)
		if !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), "'now' statement takes one argument") {
			t.Errorf("%s: got %v, want the syntax error", src, err)
		}
	}
}

// {% now %} uses the engine's clock and formats.
func TestNowEngineOptions(t *testing.T) {
	clock := time.Date(2026, 12, 24, 18, 30, 0, 0, time.UTC)
	e, err := New(Options{
		Loaders:         []Loader{MapLoader{"a": `{% now "DATE_FORMAT" %}|{% now "" %}|{% now "SHORT_DATE_FORMAT" %}|{% now "TIME_FORMAT" %}|{% now "DATETIME_FORMAT" %}|{% now "SHORT_DATETIME_FORMAT" %}`}},
		Now:             func() time.Time { return clock },
		DateFormat:      "d.m.Y",
		DateTimeFormat:  "d.m.Y H:i",
		TimeFormat:      "H:i",
		ShortDateFormat: "d.m.y",
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.RenderString("a", nil)
	if want := "24.12.2026|24.12.2026|24.12.26|18:30|24.12.2026 18:30|12/24/2026 6:30 p.m."; got != want || err != nil {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}

// formatDate is the date filter with the engine's formats.
func TestFormatDateOptions(t *testing.T) {
	opts := Options{DateFormat: "d.m.Y", DateTimeFormat: "d.m.Y H:i", TimeFormat: "H:i", ShortDateFormat: "d.m.y", ShortDateTimeFormat: "d.m.y H:i"}
	d := time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)
	tests := []struct {
		arg  any
		want string
	}{
		{nil, "07.03.2026"},
		{SafeString(""), "07.03.2026"},
		{SafeString("DATE_FORMAT"), "07.03.2026"},
		{"DATETIME_FORMAT", "07.03.2026 09:05"},
		{"TIME_FORMAT", "09:05"},
		{"SHORT_DATE_FORMAT", "07.03.26"},
		{"SHORT_DATETIME_FORMAT", "07.03.26 09:05"},
		{"YEAR_MONTH_FORMAT", "March 2026"},
		{"Y", "2026"},
	}
	for _, tt := range tests {
		if got := formatDate(&opts, d, tt.arg); got != tt.want {
			t.Errorf("formatDate(%v) = %q, want %q", tt.arg, got, tt.want)
		}
	}
}

// Pointers to times are times; nil pointers are None.
func TestDateFiltersTimePointers(t *testing.T) {
	d := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var none *time.Time
	vars := map[string]any{"d": &d, "none": none}
	got := render(t, `{{ d|date:"Y-m-d" }}|{{ d|time:"H:i" }}|{{ d|timesince }}|{{ d|timeuntil }}|{{ none|date:"q" }}|{{ none|time:"q" }}|{{ none|timesince }}`, vars)
	if want := "2026-03-01|00:00|6\u00a0days, 9\u00a0hours|0\u00a0minutes|||"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// The clock's Location does not matter: the other time is read in the
// value's.
func TestTimesinceClockLocation(t *testing.T) {
	clock := testNow.In(time.FixedZone("EST", -5*3600))
	e, err := New(Options{Loaders: []Loader{MapLoader{"a": `{{ d|timesince }}|{{ d|timeuntil }}|{{ f|timeuntil }}`}}, Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]any{"d": testNow.Add(-90 * time.Minute), "f": testNow.Add(49 * time.Hour)}
	got, err := e.RenderString("a", vars)
	if want := "1\u00a0hour, 30\u00a0minutes|0\u00a0minutes|2\u00a0days, 1\u00a0hour"; got != want || err != nil {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}

func BenchmarkTimesince(b *testing.B) {
	d := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		timeSince(d, testNow)
	}
}

func TestDateFiltersUseEngineFormats(t *testing.T) {
	d := time.Date(2026, 3, 7, 18, 5, 0, 0, time.UTC)
	e, err := New(Options{
		Loaders:    []Loader{MapLoader{"x.html": `{{ d|date }}|{{ d|time }}|{{ d|date:"SHORT_DATE_FORMAT" }}|{{ d }}`}},
		DateFormat: "Y-m-d", TimeFormat: "H:i", ShortDateFormat: "d/m/Y", DateTimeFormat: "c",
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.RenderString("x.html", map[string]any{"d": d})
	if want := "2026-03-07|18:05|07/03/2026|2026-03-07T18:05:00"; err != nil || got != want {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}
