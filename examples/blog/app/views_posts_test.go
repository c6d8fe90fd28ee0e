package app_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/goframe/goframe/examples/blog/app"
	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/orm"
)

func TestIndex_NewestFirstWithAuthorAndDate(t *testing.T) {
	t.Parallel()
	a, anon := newTestApp(t)
	ada, bob := newUser(t, a, "ada"), newUser(t, a, "bob")
	day := time.Date(2026, 3, 7, 9, 30, 0, 0, time.UTC)
	newPost(t, a, ada, "Oldest", "first words", day)
	newPost(t, a, bob, "Newest", "last <b>words</b>", day.AddDate(0, 0, 2))
	newPost(t, a, ada, "Middle", "more words", day.AddDate(0, 0, 1))

	page := mustGet(t, anon, "/", 200)
	mustContain(t, page, "<title>Posts - Blog</title>",
		`<div class="about">by bob on 2026-03-09</div>`,
		`<div class="about">by ada on 2026-03-08</div>`,
		`<div class="about">by ada on 2026-03-07</div>`,
		"last &lt;b&gt;words&lt;/b&gt;") // bodies are escaped
	titles := regexp.MustCompile(`<article class="post">\s*<header>\s*<div>\s*<h1><a href="/(\d+)/">([^<]*)</a></h1>`).FindAllStringSubmatch(page.Text(), -1)
	var got []string
	for _, m := range titles {
		got = append(got, m[2])
	}
	if strings.Join(got, ",") != "Newest,Middle,Oldest" {
		t.Errorf("the index lists %q, want Newest, Middle, Oldest", got)
	}
	mustNotContain(t, page, `class="action"`) // no Edit links for visitors

	// Each author sees Edit links on their own posts only.
	c := loggedIn(t, a, "ada")
	text := mustGet(t, c, "/", 200).Text()
	if n := strings.Count(text, `>Edit</a>`); n != 2 {
		t.Errorf("ada sees %d Edit links, want 2 (her posts):\n%s", n, text)
	}
	for _, m := range titles {
		link := `<a class="action" href="/` + m[1] + `/update">Edit</a>`
		if mine := m[2] != "Newest"; strings.Contains(text, link) != mine {
			t.Errorf("post %q: Edit link shown to ada: %v, want %v", m[2], !mine, mine)
		}
	}
}

func TestIndex_Empty(t *testing.T) {
	t.Parallel()
	_, c := newTestApp(t)
	page := mustGet(t, c, "/", 200)
	mustContain(t, page, "No posts yet.")
	mustNotContain(t, page, `<article`, `class="pagination"`)
}

func TestIndex_Pagination(t *testing.T) {
	t.Parallel()
	a, c := newTestApp(t)
	ada := newUser(t, a, "ada")
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= 12; i++ { // Post 12 is the newest
		newPost(t, a, ada, fmt.Sprintf("Post %d", i), "body", start.Add(time.Duration(i)*time.Hour))
	}
	tests := []struct {
		query  string
		number int
		titles string // the posts' numbers, in order
	}{
		{"", 1, "12,11,10,9,8"},
		{"?page=1", 1, "12,11,10,9,8"},
		{"?page=2", 2, "7,6,5,4,3"},
		{"?page=3", 3, "2,1"},
		{"?page=abc", 1, "12,11,10,9,8"}, // not a number: the first page
		{"?page=99", 3, "2,1"},           // past the end: the last page
		{"?page=0", 3, "2,1"},            // below 1: the last, as Django's get_page
		{"?page=-1", 3, "2,1"},
	}
	titleRE := regexp.MustCompile(`<h1><a href="/\d+/">Post (\d+)</a></h1>`)
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			t.Parallel()
			page := mustGet(t, c, "/"+tc.query, 200)
			var got []string
			for _, m := range titleRE.FindAllStringSubmatch(page.Text(), -1) {
				got = append(got, m[1])
			}
			if strings.Join(got, ",") != tc.titles {
				t.Errorf("posts %v, want %s", got, tc.titles)
			}
			mustContain(t, page, fmt.Sprintf("Page %d of 3", tc.number))
			if tc.number < 3 {
				mustContain(t, page, fmt.Sprintf(`<a href="/?page=%d" rel="next">next</a>`, tc.number+1))
			} else {
				mustNotContain(t, page, `rel="next"`)
			}
			if tc.number > 1 {
				mustContain(t, page, fmt.Sprintf(`<a href="/?page=%d" rel="prev">previous</a>`, tc.number-1))
			} else {
				mustNotContain(t, page, `rel="prev"`)
			}
		})
	}
}

func TestCreate(t *testing.T) {
	t.Parallel()
	a, anon := newTestApp(t)
	ada := newUser(t, a, "ada")

	// Visitors are sent to the login page, and back after it.
	mustRedirect(t, mustGet(t, anon, "/create", 302), "/auth/login?next=/create")
	mustRedirect(t, mustPost(t, anon, "/create", url.Values{"title": {"x"}}, 302), "/auth/login?next=/create")

	c := loggedIn(t, a, "ada")
	form := mustGet(t, c, "/create", 200)
	mustContain(t, form, `name="title"`, `name="body"`, `name="csrfmiddlewaretoken"`, `<button type="submit">Save</button>`)

	// No title: the form again, with what was typed.
	resp := mustPost(t, c, "/create", url.Values{"title": {"  "}, "body": {"Words worth keeping."}}, 422)
	mustContain(t, resp, `<div class="flash error">Title is required.</div>`, "Words worth keeping.")
	resp = mustPost(t, c, "/create", url.Values{"title": {strings.Repeat("x", app.MaxTitleLength+1)}, "body": {"b"}}, 422)
	mustContain(t, resp, "Title is too long")
	if n := countPosts(t, a); n != 0 {
		t.Fatalf("%d posts after invalid forms, want none", n)
	}

	resp = mustPost(t, c, "/create", url.Values{"title": {" Hello "}, "body": {"First post."}}, 303)
	post, err := orm.Objects[app.Post](a.DB()).First(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if post.Title != "Hello" || post.Body != "First post." || post.AuthorID != ada.ID || post.Created.IsZero() {
		t.Errorf("the post created: %+v", post)
	}
	mustRedirect(t, resp, fmt.Sprintf("/%d/", post.ID))
	page := mustGet(t, c, resp.Location(), 200)
	mustContain(t, page, `<div class="flash success">Post created.</div>`, "<title>Hello - Blog</title>", "First post.", "by ada on ")
	// A flash message is shown once.
	mustNotContain(t, mustGet(t, c, resp.Location(), 200), "Post created.")
}

func TestUpdate(t *testing.T) {
	t.Parallel()
	a, anon := newTestApp(t)
	ada := newUser(t, a, "ada")
	newUser(t, a, "bob")
	post := newPost(t, a, ada, "Draft", "Rough words.", time.Time{})
	path := fmt.Sprintf("/%d/update", post.ID)
	c, bob := loggedIn(t, a, "ada"), loggedIn(t, a, "bob")

	mustRedirect(t, mustGet(t, anon, path, 302), "/auth/login?next="+path)
	mustContain(t, mustGet(t, bob, path, 403), "Only the author of a post may change it.")
	mustPost(t, bob, path, url.Values{"title": {"Hijacked"}, "body": {"x"}}, 403)
	mustGet(t, c, "/999/update", 404)
	mustPost(t, c, "/999/update", url.Values{"title": {"x"}}, 404)

	form := mustGet(t, c, path, 200)
	mustContain(t, form, `value="Draft"`, "Rough words.", `<button type="submit">Save</button>`,
		fmt.Sprintf(`action="/%d/delete"`, post.ID), `<button type="submit">Delete</button>`)
	mustContain(t, mustPost(t, c, path, url.Values{"title": {""}, "body": {"Kept."}}, 422), "Title is required.", "Kept.")

	resp := mustPost(t, c, path, url.Values{"title": {"Final"}, "body": {"Polished words."}}, 303)
	mustRedirect(t, resp, fmt.Sprintf("/%d/", post.ID))
	mustContain(t, mustGet(t, c, resp.Location(), 200), `<div class="flash success">Post updated.</div>`, "Final", "Polished words.")
	got, err := orm.Get[app.Post](t.Context(), a.DB(), post.ID)
	if err != nil || got.Title != "Final" || got.Body != "Polished words." || got.AuthorID != ada.ID {
		t.Errorf("the post after the update: %+v, %v", got, err)
	}
}

func TestDelete(t *testing.T) {
	t.Parallel()
	a, anon := newTestApp(t)
	ada := newUser(t, a, "ada")
	newUser(t, a, "bob")
	post := newPost(t, a, ada, "Doomed", "Soon gone.", time.Time{})
	path := fmt.Sprintf("/%d/delete", post.ID)
	c, bob := loggedIn(t, a, "ada"), loggedIn(t, a, "bob")
	mustPost(t, c, fmt.Sprintf("/%d/comments", post.ID), url.Values{"body": {"Goes with it."}}, 303)

	mustGet(t, c, path, 405) // POST only
	mustRedirect(t, mustPost(t, anon, path, nil, 302), "/auth/login?next="+path)
	mustPost(t, bob, path, nil, 403)
	mustPost(t, c, "/999/delete", nil, 404)
	if n := countPosts(t, a); n != 1 {
		t.Fatalf("%d posts, want the post still there", n)
	}

	mustRedirect(t, mustPost(t, c, path, nil, 303), "/")
	page := mustGet(t, c, "/", 200)
	mustContain(t, page, `<div class="flash success">Post deleted.</div>`)
	mustNotContain(t, page, "Doomed")
	mustGet(t, c, fmt.Sprintf("/%d/", post.ID), 404)
	if n, err := orm.Objects[app.Comment](a.DB()).Count(t.Context()); err != nil || n != 0 {
		t.Errorf("%d comments (%v) left after deleting their post, want none", n, err)
	}
}

func TestComments(t *testing.T) {
	t.Parallel()
	a, anon := newTestApp(t)
	ada := newUser(t, a, "ada")
	newUser(t, a, "bob")
	post := newPost(t, a, ada, "Discuss", "Thoughts?", time.Time{})
	detail := fmt.Sprintf("/%d/", post.ID)
	path := detail + "comments"
	c, bob := loggedIn(t, a, "ada"), loggedIn(t, a, "bob")

	page := mustGet(t, anon, detail, 200)
	mustContain(t, page, "No comments yet.", "Log in</a> to comment")
	mustNotContain(t, page, `<button type="submit">Comment</button>`)
	mustRedirect(t, mustPost(t, anon, path, url.Values{"body": {"Anonymous"}}, 302), "/auth/login?next="+path)
	mustPost(t, c, "/999/comments", url.Values{"body": {"Nowhere"}}, 404)
	mustGet(t, c, path, 405)

	resp := mustPost(t, c, path, url.Values{"body": {"   "}}, 303)
	mustContain(t, mustGet(t, c, resp.Location(), 200), `<div class="flash error">Comment is required.</div>`)

	resp = mustPost(t, bob, path, url.Values{"body": {"First!"}}, 303)
	if !strings.HasPrefix(resp.Location(), detail+"#comment-") {
		t.Errorf("commenting led to %q, want the post's page %s#comment-ID", resp.Location(), detail)
	}
	mustContain(t, mustGet(t, bob, resp.Location(), 200), `<div class="flash success">Comment added.</div>`, "First!")
	mustPost(t, c, path, url.Values{"body": {"Thanks, <bob>."}}, 303)

	page = mustGet(t, anon, detail, 200)
	text := page.Text()
	first, second := strings.Index(text, "First!"), strings.Index(text, "Thanks, &lt;bob&gt;.")
	if first < 0 || second < 0 || first > second {
		t.Errorf("the comments are not shown oldest first (%d, %d):\n%s", first, second, text)
	}
	mustContain(t, page, `<div class="about">bob on `, `<div class="about">ada on `)
	mustNotContain(t, page, "No comments yet.", "Anonymous")
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	_, c := newTestApp(t)
	for _, path := range []string{"/999/", "/nothing/here", "/abc/"} {
		page := mustGet(t, c, path, 404)
		mustContain(t, page, "<title>Page not found - Blog</title>", `<a href="/auth/login">Log In</a>`)
	}
}

func TestStaticStylesheet(t *testing.T) {
	t.Parallel()
	_, c := newTestApp(t)
	mustContain(t, mustGet(t, c, "/", 200), `<link rel="stylesheet" href="/static/css/style.css">`)
	css := mustGet(t, c, "/static/css/style.css", 200)
	if ct := css.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("the stylesheet's Content-Type is %q, want text/css", ct)
	}
	if !strings.Contains(css.Text(), "nav {") {
		t.Errorf("the stylesheet does not style the nav:\n%s", css.Text())
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	a, _ := newTestApp(t)
	var out, errs strings.Builder
	if code := a.Run(t.Context(), []string{"check"}, &out, &errs); code != framework.ExitOK {
		t.Errorf("blog check: exit status %d\n%s%s", code, out.String(), errs.String())
	}
}
