// Command nethttp serves TechEmpower's test types on raw net/http (a
// ServeMux and http.Server): the baseline goframe and the other peers are
// measured against.
//
//	nethttp --bind 127.0.0.1:8080 --db tfb.sqlite3 [--work 2us]
//
// --work D makes every request spin for D (a busy loop, no sleep) before
// it is served: the harness's calibration contenders (nethttp+2us), which
// show what a microsecond of CPU per request costs in throughput.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"log"
	"net/http"
	"time"

	"github.com/goframe/goframe/bench/internal/tfb"
)

func main() {
	var work time.Duration
	tfb.Main("nethttp", func(env *tfb.Env, bind string) error {
		return http.ListenAndServe(bind, spin(work, handler(env)))
	}, workFlag(&work))
}

// workFlag defines --work DURATION, into d: not negative, 0 by default.
func workFlag(d *time.Duration) func(*flag.FlagSet) {
	return func(fs *flag.FlagSet) {
		fs.Func("work", "spin for `DURATION` (busy, like 2us) on every request before serving it (default 0: none)", func(s string) error {
			v, err := time.ParseDuration(s)
			if err != nil {
				return err
			}
			if v < 0 {
				return errors.New("negative duration")
			}
			*d = v
			return nil
		})
	}
}

// spin returns next, preceded on every request by d of busy work (a loop
// on time.Now: CPU, not a sleep) when d > 0.
func spin(d time.Duration, next http.Handler) http.Handler {
	if d <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for start := time.Now(); time.Since(start) < d; {
		}
		next.ServeHTTP(w, r)
	})
}

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
