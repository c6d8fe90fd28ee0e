// Command nethttp serves TechEmpower's test types on raw net/http (a
// ServeMux and http.Server): the baseline goframe and the other peers are
// measured against.
//
//	nethttp --bind 127.0.0.1:8080 --db tfb.sqlite3
package main

import (
	"encoding/json"
	"log"
	"net/http"

	"github.com/goframe/goframe/bench/internal/tfb"
)

func main() { tfb.Main("nethttp", tfb.ListenAndServe(handler)) }

// handler routes TechEmpower's test types to env.
func handler(env *tfb.Env) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /plaintext", func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Server", "nethttp")
		h.Set("Content-Type", "text/plain")
		w.Write([]byte(tfb.Hello))
	})
	mux.HandleFunc("GET /json", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, &tfb.Message{Message: tfb.Hello})
	})
	mux.HandleFunc("GET /db", func(w http.ResponseWriter, r *http.Request) {
		wd, err := env.DB.World(r.Context(), tfb.RandomID())
		if err != nil {
			fail(w, err)
			return
		}
		writeJSON(w, &wd)
	})
	mux.HandleFunc("GET /queries", func(w http.ResponseWriter, r *http.Request) {
		ws, err := env.DB.RandomWorlds(r.Context(), tfb.Queries(r.URL.Query().Get("queries")))
		if err != nil {
			fail(w, err)
			return
		}
		writeJSON(w, ws)
	})
	mux.HandleFunc("GET /cached-queries", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, env.Cache.RandomWorlds(tfb.Queries(r.URL.Query().Get("count"))))
	})
	mux.HandleFunc("GET /updates", func(w http.ResponseWriter, r *http.Request) {
		ws, err := env.DB.UpdateWorlds(r.Context(), tfb.Queries(r.URL.Query().Get("queries")))
		if err != nil {
			fail(w, err)
			return
		}
		writeJSON(w, ws)
	})
	mux.HandleFunc("GET /fortunes", func(w http.ResponseWriter, r *http.Request) {
		fs, err := env.DB.Fortunes(r.Context())
		if err != nil {
			fail(w, err)
			return
		}
		h := w.Header()
		h.Set("Server", "nethttp")
		h.Set("Content-Type", tfb.HTMLContentType)
		if err := env.Templates.Fortunes(w, fs); err != nil {
			log.Printf("fortunes: %v", err)
		}
	})
	return mux
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		fail(w, err)
		return
	}
	h := w.Header()
	h.Set("Server", "nethttp")
	h.Set("Content-Type", "application/json")
	w.Write(b)
}

func fail(w http.ResponseWriter, err error) {
	log.Print(err)
	w.Header().Set("Server", "nethttp")
	http.Error(w, "internal server error", http.StatusInternalServerError)
}
