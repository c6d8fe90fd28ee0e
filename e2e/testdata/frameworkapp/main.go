// Command frameworkapp is the end-to-end tests' goframe application: an
// App with templates (embedded), a model, its migrations and a few
// views, whose main() is app.Main() — so that the tests run its
// management commands (serve, migrate, check...) as a user's binary.
//
// Routes: GET / (a rendered page), GET /notes/ (the notes, rendered),
// POST /notes/ (a form adding one, then a redirect), GET /api/notes
// (JSON, with the pid of the process that answered), GET /old-home (a
// redirect to /). The migrations are in ./migrations of the working
// directory (makemigrations writes them there).
package main

import (
	"embed"
	"io/fs"
	"os"
	"strings"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/orm"
)

//go:embed templates
var files embed.FS

// Note is the app's one model.
type Note struct {
	ID   int64  `db:"id"`
	Text string `db:"text" orm:"size:200"`
}

func main() {
	tpl, err := fs.Sub(files, "templates")
	if err != nil {
		panic(err)
	}
	models, err := orm.NewRegistry(Note{})
	if err != nil {
		panic(err)
	}
	app := framework.New(framework.Config{TemplatesFS: tpl, Models: models})

	app.Get("/", func(r *framework.Request) framework.Response {
		return r.Render("home.html", framework.Ctx{"title": "Home & garden"})
	}).Name("home")
	app.Get("/notes/", func(r *framework.Request) framework.Response {
		notes, err := orm.Objects[Note](r.DB()).OrderBy("id").All(r.Context())
		if err != nil {
			return framework.Error(err)
		}
		return r.Render("notes/list.html", framework.Ctx{"notes": notes})
	}).Name("note_list")
	app.Post("/notes/", func(r *framework.Request) framework.Response {
		text := strings.TrimSpace(r.FormValue("text"))
		if text == "" {
			return framework.BadRequest("text is required")
		}
		if err := orm.Insert(r.Context(), r.DB(), &Note{Text: text}); err != nil {
			return framework.Error(err)
		}
		return framework.RedirectTo("note_list").WithStatus(303)
	})
	app.Get("/api/notes", func(r *framework.Request) framework.Response {
		n, err := orm.Objects[Note](r.DB()).Count(r.Context())
		if err != nil {
			return framework.Error(err)
		}
		return framework.JSON(map[string]any{"notes": n, "pid": os.Getpid()})
	}).Name("api_notes")
	app.Get("/old-home", func(r *framework.Request) framework.Response {
		return framework.RedirectTo("home").WithStatus(301)
	})
	app.Main()
}
