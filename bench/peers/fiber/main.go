// Command fiber serves TechEmpower's test types on fiber
// (github.com/gofiber/fiber/v2, on fasthttp rather than net/http), with no
// middleware.
//
//	fiber --bind 127.0.0.1:8080 --db tfb.sqlite3
package main

import (
	"github.com/gofiber/fiber/v2"

	"github.com/goframe/goframe/bench/internal/tfb"
)

func main() {
	tfb.Main("fiber", func(env *tfb.Env, bind string) error { return app(env).Listen(bind) })
}

// app routes TechEmpower's test types to env. fasthttp adds the Date
// header; the Server header comes from the config.
func app(env *tfb.Env) *fiber.App {
	a := fiber.New(fiber.Config{ServerHeader: "fiber", DisableStartupMessage: true})
	a.Get("/plaintext", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, "text/plain")
		return c.SendString(tfb.Hello)
	})
	a.Get("/json", func(c *fiber.Ctx) error {
		return c.JSON(&tfb.Message{Message: tfb.Hello})
	})
	a.Get("/db", func(c *fiber.Ctx) error {
		w, err := env.DB.World(c.UserContext(), tfb.RandomID())
		if err != nil {
			return err
		}
		return c.JSON(&w)
	})
	a.Get("/queries", func(c *fiber.Ctx) error {
		ws, err := env.DB.RandomWorlds(c.UserContext(), tfb.Queries(c.Query("queries")))
		if err != nil {
			return err
		}
		return c.JSON(ws)
	})
	a.Get("/cached-queries", func(c *fiber.Ctx) error {
		return c.JSON(env.Cache.RandomWorlds(tfb.Queries(c.Query("count"))))
	})
	a.Get("/updates", func(c *fiber.Ctx) error {
		ws, err := env.DB.UpdateWorlds(c.UserContext(), tfb.Queries(c.Query("queries")))
		if err != nil {
			return err
		}
		return c.JSON(ws)
	})
	a.Get("/fortunes", func(c *fiber.Ctx) error {
		fs, err := env.DB.Fortunes(c.UserContext())
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, tfb.HTMLContentType)
		return env.Templates.Fortunes(c, fs)
	})
	return a
}
