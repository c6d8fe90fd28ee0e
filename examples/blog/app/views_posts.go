package app

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/framework/auth"
	"github.com/goframe/goframe/orm"
)

// Messages of the posts' pages.
const (
	MsgTitleRequired   = "Title is required."
	MsgCommentRequired = "Comment is required."
	MsgPostCreated     = "Post created."
	MsgPostUpdated     = "Post updated."
	MsgPostDeleted     = "Post deleted."
	MsgCommentAdded    = "Comment added."
)

// index lists the posts, newest first, PostsPerPage a page (?page=N).
func index(r *framework.Request) framework.Response {
	page, err := listPosts(r.Context(), r.DB(), r.Query("page"))
	if err != nil {
		return framework.Error(err)
	}
	return r.Render("blog/index.html", framework.Ctx{"posts": page.Items, "page": page})
}

// detail shows a post with its comments and, to logged-in users, the
// form to add one.
func detail(r *framework.Request) framework.Response {
	post, err := getPost(r.Context(), r.DB(), r.PathInt("id"), true)
	if errors.Is(err, orm.ErrNotFound) {
		return framework.NotFound()
	}
	if err != nil {
		return framework.Error(err)
	}
	return r.Render("blog/detail.html", framework.Ctx{"post": post})
}

// postForm is what the create and update forms send.
type postForm struct {
	Title, Body string
}

// readPostForm reads the post form, and returns it with what is wrong
// with it.
func readPostForm(r *framework.Request) (postForm, []string, error) {
	if _, err := r.Form(); err != nil {
		return postForm{}, nil, err
	}
	f := postForm{Title: strings.TrimSpace(r.FormValue("title")), Body: strings.TrimSpace(r.FormValue("body"))}
	var errs []string
	switch n := utf8.RuneCountInString(f.Title); {
	case n == 0:
		errs = append(errs, MsgTitleRequired)
	case n > MaxTitleLength:
		errs = append(errs, fmt.Sprintf("Title is too long: at most %d characters (it has %d).", MaxTitleLength, n))
	}
	return f, errs, nil
}

// formPage renders a post form again with what is wrong with it, as
// flash messages; what the user typed stays in the form.
func formPage(r *framework.Request, name string, ctx framework.Ctx, errs []string) framework.Response {
	for _, e := range errs {
		r.ErrorMessage(e)
	}
	return r.Render(name, ctx).WithStatus(http.StatusUnprocessableEntity)
}

// create shows the form for a new post (GET) and adds it (POST), for
// logged-in users.
func create(r *framework.Request) framework.Response {
	if r.Method() != http.MethodPost {
		return r.Render("blog/create.html", framework.Ctx{"form": postForm{}})
	}
	f, errs, err := readPostForm(r)
	if err != nil {
		return framework.Error(err)
	}
	if len(errs) > 0 {
		return formPage(r, "blog/create.html", framework.Ctx{"form": f}, errs)
	}
	post := Post{AuthorID: auth.CurrentUser(r).ID, Title: f.Title, Body: f.Body}
	if err := orm.Insert(r.Context(), r.DB(), &post); err != nil {
		return framework.Error(err)
	}
	r.SuccessMessage(MsgPostCreated)
	return framework.RedirectTo("detail", post.ID).WithStatus(http.StatusSeeOther)
}

// ownPost returns the post the URL names if the user wrote it; else nil
// and the response to give: 404 for a post that does not exist, 403 for
// someone else's.
func ownPost(r *framework.Request) (*Post, framework.Response) {
	post, err := getPost(r.Context(), r.DB(), r.PathInt("id"), false)
	switch {
	case errors.Is(err, orm.ErrNotFound):
		return nil, framework.NotFound()
	case err != nil:
		return nil, framework.Error(err)
	case post.AuthorID != auth.CurrentUser(r).ID:
		return nil, framework.Forbidden("Only the author of a post may change it.")
	}
	return post, framework.Response{}
}

// update shows the form to edit a post (GET) and saves it (POST), for
// the post's author only.
func update(r *framework.Request) framework.Response {
	post, refused := ownPost(r)
	if post == nil {
		return refused
	}
	if r.Method() != http.MethodPost {
		return r.Render("blog/update.html", framework.Ctx{"post": post, "form": postForm{Title: post.Title, Body: post.Body}})
	}
	f, errs, err := readPostForm(r)
	if err != nil {
		return framework.Error(err)
	}
	if len(errs) > 0 {
		return formPage(r, "blog/update.html", framework.Ctx{"post": post, "form": f}, errs)
	}
	post.Title, post.Body = f.Title, f.Body
	if err := orm.Update(r.Context(), r.DB(), post); err != nil {
		return framework.Error(err)
	}
	r.SuccessMessage(MsgPostUpdated)
	return framework.RedirectTo("detail", post.ID).WithStatus(http.StatusSeeOther)
}

// remove deletes a post (POST only), for its author only, with its
// comments.
func remove(r *framework.Request) framework.Response {
	post, refused := ownPost(r)
	if post == nil {
		return refused
	}
	if err := orm.Delete(r.Context(), r.DB(), post); err != nil && !errors.Is(err, orm.ErrNotFound) {
		return framework.Error(err)
	}
	r.SuccessMessage(MsgPostDeleted)
	return framework.RedirectTo("index").WithStatus(http.StatusSeeOther)
}

// comment adds a logged-in user's comment to a post, then shows the post
// again.
func comment(r *framework.Request) framework.Response {
	id := r.PathInt("id")
	if _, err := r.Form(); err != nil {
		return framework.Error(err)
	}
	body := strings.TrimSpace(r.FormValue("body"))
	exists, err := orm.Objects[Post](r.DB()).Filter("id", id).Exists(r.Context())
	switch {
	case err != nil:
		return framework.Error(err)
	case !exists:
		return framework.NotFound()
	case body == "":
		r.ErrorMessage(MsgCommentRequired)
		return framework.RedirectTo("detail", id).WithStatus(http.StatusSeeOther)
	}
	c := Comment{PostID: id, AuthorID: auth.CurrentUser(r).ID, Body: body}
	if err := orm.Insert(r.Context(), r.DB(), &c); err != nil {
		return framework.Error(err)
	}
	r.SuccessMessage(MsgCommentAdded)
	to, err := r.URL("detail", id)
	if err != nil {
		return framework.Error(err)
	}
	return framework.Redirect(fmt.Sprintf("%s#comment-%d", to, c.ID), http.StatusSeeOther)
}
