// Command gin serves TechEmpower's test types on gin
// (github.com/gin-gonic/gin) in gin.ReleaseMode, with no middleware (no
// request logger, no recovery).
//
//	gin --bind 127.0.0.1:8080 --db tfb.sqlite3
package main

import (
	"log"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/goframe/goframe/bench/internal/tfb"
)

func main() { tfb.Main("gin", tfb.ListenAndServe(handler)) }

// handler routes TechEmpower's test types to env, in gin.ReleaseMode (gin
// keeps its mode in a package variable); gin.New adds no middleware.
func handler(env *tfb.Env) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(func(c *gin.Context) { c.Header("Server", "gin") })
	r.GET("/plaintext", func(c *gin.Context) {
		c.Data(http.StatusOK, "text/plain", []byte(tfb.Hello))
	})
	r.GET("/json", func(c *gin.Context) {
		c.JSON(http.StatusOK, &tfb.Message{Message: tfb.Hello})
	})
	r.GET("/db", func(c *gin.Context) {
		w, err := env.DB.World(c.Request.Context(), tfb.RandomID())
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, &w)
	})
	r.GET("/queries", func(c *gin.Context) {
		ws, err := env.DB.RandomWorlds(c.Request.Context(), tfb.Queries(c.Query("queries")))
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, ws)
	})
	r.GET("/cached-queries", func(c *gin.Context) {
		c.JSON(http.StatusOK, env.Cache.RandomWorlds(tfb.Queries(c.Query("count"))))
	})
	r.GET("/updates", func(c *gin.Context) {
		ws, err := env.DB.UpdateWorlds(c.Request.Context(), tfb.Queries(c.Query("queries")))
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, ws)
	})
	r.GET("/fortunes", func(c *gin.Context) {
		fs, err := env.DB.Fortunes(c.Request.Context())
		if err != nil {
			fail(c, err)
			return
		}
		c.Header("Content-Type", tfb.HTMLContentType)
		c.Status(http.StatusOK)
		if err := env.Templates.Fortunes(c.Writer, fs); err != nil {
			log.Printf("fortunes: %v", err)
		}
	})
	return r
}

func fail(c *gin.Context, err error) {
	log.Print(err)
	c.String(http.StatusInternalServerError, "internal server error")
}
