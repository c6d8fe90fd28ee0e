//go:build e2e

package e2e

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserHarness proves the browser harness on pages that exist
// without the blog: chromium starts, a stylesheet's effect is measured,
// and on e2e/testdata/frameworkapp a link is followed and a form is
// filled in and posted (CSRF token, redirect) as a person does;
// screenshots are saved as PNG.
func TestBrowserHarness(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	runAppSteps(t, dir, []appStep{
		{args: []string{"makemigrations"}, stdout: []string{"0001_initial.sql"}},
		{args: []string{"migrate"}, stdout: []string{"Applying 0001_initial... OK"}},
	})
	frameworkApp(t)
	p := startBinary(t, "frameworkapp", appEnv(dir), "--bind", "127.0.0.1:0", "--workers", "0")
	base := "http://" + p.addr()
	b := newBrowser(t)

	page := `<!doctype html><title>styled</title><style>p { margin: 3em; color: rgb(200, 0, 0) }</style><p>red</p>`
	b.do("opening a data: URL", chromedp.Navigate("data:text/html,"+url.PathEscape(page)))
	if e := b.styleEffect(); e.Changed == 0 || len(e.Sheets) != 1 || e.Sheets[0].Rules != 1 {
		t.Errorf("an inline stylesheet's effect: %+v, want one sheet of one rule changing the page", e)
	}
	b.shot("data-url")

	b.navigate(base+"/", 200)
	if title := run(b, "reading the title", chromedp.Title()); title != "Home & garden" {
		t.Errorf("title %q, want %q", title, "Home & garden")
	}
	b.shot("home")
	b.click(`//a[normalize-space()='notes']`, 200)
	if loc := b.location(); loc != base+"/notes/" {
		t.Errorf("the notes link led to %s", loc)
	}
	if text := b.text(); !strings.Contains(text, "no notes") {
		t.Errorf("the notes page reads:\n%s", text)
	}
	b.fill(`input[name=text]`, "typed in chromium")
	b.click(`//button[normalize-space()='Add']`, 200)
	if loc, text := b.location(), b.text(); loc != base+"/notes/" || !strings.Contains(text, "typed in chromium") {
		t.Errorf("after posting the form the browser shows %s:\n%s", loc, text)
	}
	b.shot("note-added")

	shots, _ := filepath.Glob(filepath.Join(b.shots, "*.png"))
	if len(shots) != 3 {
		t.Errorf("screenshots %v, want 3", shots)
	}
	for _, s := range shots {
		if data, err := os.ReadFile(s); err != nil || !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
			t.Errorf("%s is not a PNG image (%v)", s, err)
		}
	}
}

// TestBlog_Browser uses examples/blog in chromium as its first user
// does: registers, logs in, writes a post, comments on it, edits it,
// deletes it and logs out, checking at each step what the page says
// and where the browser is, and that the stylesheet loaded and styles
// the pages. A screenshot of each step goes to the test's artifacts.
func TestBlog_Browser(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := startBlog(t, dir, blogEnv(), "--bind", "127.0.0.1:0", "--workers", "1")
	base := "http://" + p.addr()
	b := newBrowser(t)
	const (
		user, password = "ada", "correct horse battery staple"
		title, body    = "Hello from Chromium", "Typed into the form by a real browser."
		newTitle       = "Edited in Chromium"
		comment        = "A comment, also typed."
	)
	see := func(step string, want ...string) {
		t.Helper()
		text := b.text()
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Fatalf("%s: the page at %s does not say %q; it reads:\n%s", step, b.location(), w, text)
			}
		}
	}
	at := func(step, want string) {
		t.Helper()
		if loc := b.location(); loc != want {
			t.Fatalf("%s: the browser is at %s, want %s", step, loc, want)
		}
	}
	nav := func() string {
		t.Helper()
		return run(b, "reading the nav", chromedp.Text(chromedp.CSS("nav")))
	}

	// The index, anonymous, styled by the blog's stylesheet.
	b.navigate(base+"/", 200)
	if title := run(b, "reading the title", chromedp.Title()); !strings.HasSuffix(title, " - Blog") {
		t.Errorf("the index's title is %q, want \"... - Blog\"", title)
	}
	if n := nav(); !strings.Contains(n, "Register") || !strings.Contains(n, "Log In") || b.count("nav span.user") != 0 {
		t.Errorf("an anonymous visitor's nav reads %q", n)
	}
	css := b.responses(regexp.MustCompile(`/static/css/style(\.[0-9a-f]{12})?\.css$`))
	if len(css) == 0 || css[0].Status != 200 || css[0].MimeType != "text/css" {
		t.Errorf("the stylesheet did not load: %v", css)
	}
	effect := b.styleEffect()
	styled := false
	for _, s := range effect.Sheets {
		styled = styled || (strings.Contains(s.Href, "/static/css/style") && s.Rules > 0)
	}
	if !styled || effect.Changed == 0 {
		t.Errorf("the stylesheet does not style the index: %+v", effect)
	}
	b.shot("index")

	// Register, then the login page says so.
	b.click(`//nav//a[normalize-space()='Register']`, 200)
	at("the Register link", base+"/auth/register")
	b.fill(`[name=username]`, user)
	b.fill(`[name=password]`, password)
	b.shot("register")
	b.click(`//button[@type='submit' and normalize-space()='Register']`, 200)
	at("registering", base+"/auth/login")
	see("registering", "Registration successful. Please log in.")
	if b.count(".flash") == 0 {
		t.Errorf("the registration's message is not a flash message")
	}
	b.shot("registered")

	// Log in: back on the index, named in the nav.
	b.fill(`[name=username]`, user)
	b.fill(`[name=password]`, password)
	b.click(`//button[@type='submit' and normalize-space()='Log In']`, 200)
	at("logging in", base+"/")
	if got := run(b, "reading the user's name", chromedp.Text(chromedp.CSS("nav span.user"))); got != user {
		t.Errorf("the nav names %q, want %q", got, user)
	}
	if n := nav(); !strings.Contains(n, "New post") || !strings.Contains(n, "Log Out") {
		t.Errorf("a logged-in user's nav reads %q", n)
	}
	b.shot("logged-in")

	// Write a post: its page, then the index, show it.
	b.click(`//nav//a[normalize-space()='New post']`, 200)
	at("the New post link", base+"/create")
	b.fill(`[name=title]`, title)
	b.fill(`[name=body]`, body)
	b.click(`//button[@type='submit' and normalize-space()='Save']`, 200)
	postURL := b.location()
	if !regexp.MustCompile(`^` + regexp.QuoteMeta(base) + `/[0-9]+/$`).MatchString(postURL) {
		t.Fatalf("creating the post led to %s, want its page %s/ID/", postURL, base)
	}
	see("creating the post", "Post created.", title, body)
	b.shot("post-created")
	b.navigate(base+"/", 200)
	byline := run(b, "reading the post's byline", chromedp.Text(chromedp.CSS("article.post .about")))
	if !regexp.MustCompile(`^by ` + user + ` on \d{4}-\d{2}-\d{2}$`).MatchString(strings.TrimSpace(byline)) {
		t.Errorf("the post's byline on the index reads %q, want \"by %s on YYYY-MM-DD\"", byline, user)
	}
	see("the index", title, body)
	b.shot("index-with-post")

	// Comment on it.
	b.click(`//article[contains(@class,'post')]//a[normalize-space()='`+title+`']`, 200)
	at("the post's link", postURL)
	b.fill(`[name=body]`, comment)
	b.click(`//button[@type='submit' and normalize-space()='Comment']`, 200)
	see("commenting", title, comment)
	b.shot("commented")

	// Edit it from the index.
	b.navigate(base+"/", 200)
	b.click(`//article[contains(@class,'post')]//a[contains(@class,'action') and normalize-space()='Edit']`, 200)
	at("the Edit link", postURL+"update")
	b.fill(`[name=title]`, newTitle)
	b.shot("editing")
	b.click(`//button[@type='submit' and normalize-space()='Save']`, 200)
	see("saving the edit", "Post updated.", newTitle)
	b.shot("edited")
	b.navigate(base+"/", 200)
	if text := b.text(); !strings.Contains(text, newTitle) || strings.Contains(text, title) {
		t.Errorf("after the edit the index reads:\n%s", text)
	}

	// Delete it: the index no longer lists it.
	b.navigate(postURL+"update", 200)
	b.click(`//button[@type='submit' and normalize-space()='Delete']`, 200)
	at("deleting the post", base+"/")
	see("deleting the post", "Post deleted.")
	if text := b.text(); strings.Contains(text, newTitle) || b.count("article.post") != 0 {
		t.Errorf("the deleted post is still listed:\n%s", text)
	}
	b.shot("deleted")

	// Log out: anonymous again.
	b.click(`//nav//button[normalize-space()='Log Out']`, 200)
	at("logging out", base+"/")
	if n := nav(); !strings.Contains(n, "Log In") || strings.Contains(n, "Log Out") || b.count("nav span.user") != 0 {
		t.Errorf("after logging out the nav reads %q", n)
	}
	b.shot("logged-out")
}
