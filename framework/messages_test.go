package framework

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// messageTemplates are the templates the message tests render.
var messageTemplates = fstest.MapFS{
	"show.html":   {Data: []byte(`{% for message in messages %}<li class="{{ message.tags }}">{{ message }}</li>{% endfor %}`)},
	"peek.html":   {Data: []byte(`{% if messages %}has {{ messages|length }}{% else %}none{% endif %}`)},
	"levels.html": {Data: []byte(`{% for m in messages %}{{ m.level }} {{ m.level_tag }} [{{ m.extra_tags }}] {{ m.message }};{% endfor %}`)},
	"plain.html":  {Data: []byte(`hello`)},
	"text.html":   {Data: []byte(`{% for m in messages %}{{ m }}{% endfor %}`)},
}

// newMessagesApp returns an App with the message tests' views, using the
// real template engine.
func newMessagesApp(t *testing.T, cfg Config) *App {
	t.Helper()
	cfg.TemplatesFS = messageTemplates
	app, _ := newSessionApp(t, cfg)
	app.Get("/add", func(r *Request) Response {
		level, _ := strconv.Atoi(r.Query("level"))
		var extra []string
		if e := r.Query("extra"); e != "" {
			extra = append(extra, e)
		}
		r.AddMessage(MessageLevel(level), r.Query("text"), extra...)
		return Redirect("/show")
	})
	app.Get("/saved", func(r *Request) Response {
		r.SuccessMessage("Saved.")
		return Redirect("/show")
	})
	app.Get("/helpers", func(r *Request) Response {
		r.DebugMessage("d")
		r.InfoMessage("i")
		r.SuccessMessage("s")
		r.WarningMessage("w")
		r.ErrorMessage("e")
		return Redirect("/levels")
	})
	app.Get("/lowered", func(r *Request) Response {
		r.SetMessageLevel(MessageDebug)
		r.DebugMessage("d")
		return Text("ok")
	})
	app.Get("/show", func(r *Request) Response { return r.Render("show.html", nil) })
	app.Get("/peek", func(r *Request) Response { return r.Render("peek.html", nil) })
	app.Get("/levels", func(r *Request) Response { return r.Render("levels.html", nil) })
	app.Get("/text", func(r *Request) Response { return r.Render("text.html", nil) })
	app.Get("/plainpage", func(r *Request) Response { return r.Render("plain.html", nil) })
	app.Get("/addshow", func(r *Request) Response {
		r.InfoMessage("now")
		return r.Render("show.html", nil)
	})
	app.Get("/showthenadd", func(r *Request) Response {
		html, err := r.RenderString("show.html", nil)
		if err != nil {
			return Error(err)
		}
		r.InfoMessage("later")
		return HTML(html)
	})
	app.Get("/json", func(r *Request) Response { return JSON(r.Messages()) })
	return app
}

func TestMessages_SurviveRedirectAndGoOnceShown(t *testing.T) {
	t.Parallel()
	for name, store := range map[string]SessionStore{"cookie": nil, "memory": NewMemoryStore()} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := newBrowser(t, newMessagesApp(t, Config{SessionStore: store}))
			resp, _ := b.get("/saved")
			if resp.StatusCode != 302 || sessionSetCookie(resp) == nil {
				t.Fatalf("/saved: %d, Set-Cookie %v; want a redirect storing the message", resp.StatusCode, sessionSetCookie(resp))
			}
			// A page that does not show messages keeps them.
			if resp, body := b.get("/plainpage"); body != "hello" || sessionSetCookie(resp) != nil {
				t.Errorf("/plainpage: %q, Set-Cookie %v", body, sessionSetCookie(resp))
			}
			if _, body := b.get("/peek"); body != "has 1" {
				t.Errorf("/peek: %q", body)
			}
			resp, body := b.get("/show")
			if body != `<li class="success">Saved.</li>` {
				t.Errorf("/show: %q", body)
			}
			if c := sessionSetCookie(resp); c == nil || c.MaxAge >= 0 {
				t.Errorf("after showing the only message, the session cookie is %v; want it deleted", c)
			}
			if _, body := b.get("/show"); body != "" {
				t.Errorf("shown again: %q", body)
			}
		})
	}
}

func TestMessages_PrintingTheTextMarksShown(t *testing.T) {
	t.Parallel()
	b := newBrowser(t, newMessagesApp(t, Config{}))
	b.get("/saved")
	for i, want := range []string{"Saved.", ""} {
		if _, body := b.get("/text"); body != want {
			t.Errorf("/text #%d: %q, want %q", i+1, body, want)
		}
	}
}

func TestMessages_LevelsAndTags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		level MessageLevel
		extra string
		want  string
	}{
		{MessageInfo, "", "20 info [] hi;"},
		{MessageSuccess, "", "25 success [] hi;"},
		{MessageWarning, "important", "30 warning [important] hi;"},
		{MessageError, "", "40 error [] hi;"},
		{MessageDebug, "", ""}, // below the default level, INFO
		{35, "custom", "35  [custom] hi;"},
	}
	for _, tc := range tests {
		t.Run(strconv.Itoa(int(tc.level)), func(t *testing.T) {
			t.Parallel()
			b := newBrowser(t, newMessagesApp(t, Config{}))
			b.get("/add?" + url.Values{"level": {strconv.Itoa(int(tc.level))}, "text": {"hi"}, "extra": {tc.extra}}.Encode())
			if _, body := b.get("/levels"); body != tc.want {
				t.Errorf("got %q, want %q", body, tc.want)
			}
		})
	}
	tags := map[MessageLevel]string{MessageDebug: "debug", MessageInfo: "info", MessageSuccess: "success", MessageWarning: "warning", MessageError: "error", 0: ""}
	for l, want := range tags {
		if got := l.Tag(); got != want {
			t.Errorf("MessageLevel(%d).Tag() = %q, want %q", l, got, want)
		}
	}
	if MessageDebug != 10 || MessageInfo != 20 || MessageSuccess != 25 || MessageWarning != 30 || MessageError != 40 {
		t.Error("the levels are not Django's values")
	}
}

func TestMessages_MinimumLevel(t *testing.T) {
	t.Parallel()
	b := newBrowser(t, newMessagesApp(t, Config{}))
	b.get("/helpers")
	if _, body := b.get("/levels"); body != "20 info [] i;25 success [] s;30 warning [] w;40 error [] e;" {
		t.Errorf("default level: %q", body)
	}
	b = newBrowser(t, newMessagesApp(t, Config{MessageLevel: MessageDebug}))
	b.get("/helpers")
	if _, body := b.get("/levels"); !strings.HasPrefix(body, "10 debug [] d;20 info") {
		t.Errorf("Config.MessageLevel=DEBUG: %q", body)
	}
	b = newBrowser(t, newMessagesApp(t, Config{MessageLevel: MessageWarning}))
	b.get("/helpers")
	if _, body := b.get("/levels"); body != "30 warning [] w;40 error [] e;" {
		t.Errorf("Config.MessageLevel=WARNING: %q", body)
	}
	b = newBrowser(t, newMessagesApp(t, Config{}))
	b.get("/lowered")
	if _, body := b.get("/levels"); body != "10 debug [] d;" {
		t.Errorf("SetMessageLevel(DEBUG): %q", body)
	}
}

func TestMessages_OrderEscapingAndSameRequest(t *testing.T) {
	t.Parallel()
	b := newBrowser(t, newMessagesApp(t, Config{}))
	b.get("/add?level=20&text=first")
	b.get("/add?level=40&text=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
	_, body := b.get("/show")
	if want := `<li class="info">first</li><li class="error">&lt;script&gt;alert(1)&lt;/script&gt;</li>`; body != want {
		t.Errorf("/show:\n got %s\nwant %s", body, want)
	}

	// Added and shown in one request: nothing to store.
	resp, body := b.get("/addshow")
	if body != `<li class="info">now</li>` || sessionSetCookie(resp) != nil {
		t.Errorf("/addshow: %q, Set-Cookie %v", body, sessionSetCookie(resp))
	}

	// Added after the page showed the others: kept for the next one.
	b.get("/add?level=20&text=shown")
	if _, body := b.get("/showthenadd"); body != `<li class="info">shown</li>` {
		t.Errorf("/showthenadd: %q", body)
	}
	if _, body := b.get("/show"); body != `<li class="info">later</li>` {
		t.Errorf("after /showthenadd: %q", body)
	}
}

func TestMessages_UnusedTemplateVariableCostsNothing(t *testing.T) {
	t.Parallel()
	store := &countingStore{SessionStore: NewMemoryStore()}
	b := newBrowser(t, newMessagesApp(t, Config{SessionStore: store}))
	b.get("/saved")
	loads, _, _ := store.counts()
	resp, _ := b.get("/plainpage")
	if l, _, _ := store.counts(); l != loads || hasVaryCookie(resp.Header) {
		t.Errorf("a template without messages loaded the session (%d loads) or varies on Cookie (%q)", l-loads, resp.Header.Values("Vary"))
	}
}

func TestMessages_JSON(t *testing.T) {
	t.Parallel()
	b := newBrowser(t, newMessagesApp(t, Config{}))
	b.get("/add?level=25&text=done&extra=x")
	if _, body := b.get("/json"); body != `[{"level":25,"tags":"x success","message":"done"}]`+"\n" {
		t.Errorf("/json: %q", body)
	}
	if _, body := b.get("/json"); body != "[]\n" {
		t.Errorf("/json again: %q", body)
	}
}
