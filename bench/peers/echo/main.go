// Command echo serves TechEmpower's test types on echo
// (github.com/labstack/echo/v4), with no middleware (no request logger).
//
//	echo --bind 127.0.0.1:8080 --db tfb.sqlite3
package main

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/goframe/goframe/bench/internal/tfb"
)

func main() { tfb.Main("echo", tfb.ListenAndServe(handler)) }

// handler routes TechEmpower's test types to env; echo.New adds no
// middleware.
func handler(env *tfb.Env) http.Handler {
	e := echo.New()
	e.HideBanner = true
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Response().Header().Set("Server", "echo")
			return next(c)
		}
	})
	e.GET("/plaintext", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "text/plain", []byte(tfb.Hello))
	})
	e.GET("/json", func(c echo.Context) error {
		return c.JSON(http.StatusOK, &tfb.Message{Message: tfb.Hello})
	})
	e.GET("/db", func(c echo.Context) error {
		w, err := env.DB.World(c.Request().Context(), tfb.RandomID())
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, &w)
	})
	e.GET("/queries", func(c echo.Context) error {
		ws, err := env.DB.RandomWorlds(c.Request().Context(), tfb.Queries(c.QueryParam("queries")))
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, ws)
	})
	e.GET("/cached-queries", func(c echo.Context) error {
		return c.JSON(http.StatusOK, env.Cache.RandomWorlds(tfb.Queries(c.QueryParam("count"))))
	})
	e.GET("/updates", func(c echo.Context) error {
		ws, err := env.DB.UpdateWorlds(c.Request().Context(), tfb.Queries(c.QueryParam("queries")))
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, ws)
	})
	e.GET("/fortunes", func(c echo.Context) error {
		fs, err := env.DB.Fortunes(c.Request().Context())
		if err != nil {
			return err
		}
		c.Response().Header().Set("Content-Type", tfb.HTMLContentType)
		c.Response().WriteHeader(http.StatusOK)
		return env.Templates.Fortunes(c.Response(), fs)
	})
	return e
}
