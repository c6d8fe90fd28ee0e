// Package app is the hello example's handler, kept apart from main so that
// tests and benchmarks can serve it in-process.
package app

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// Echo is what GET /echo reports: the request as the handler sees it.
type Echo struct {
	Method     string              `json:"method"`
	Path       string              `json:"path"`
	Query      string              `json:"query"`
	Scheme     string              `json:"scheme"`
	Host       string              `json:"host"`
	RemoteAddr string              `json:"remote_addr"`
	RemoteIP   string              `json:"remote_ip"`
	Proto      string              `json:"proto"`
	Headers    map[string][]string `json:"headers"`
	BodyLength int64               `json:"body_length"`
}

// Handler returns the hello application.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "Hello, World!")
	})
	mux.HandleFunc("POST /{$}", func(w http.ResponseWriter, r *http.Request) {
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil {
			http.Error(w, "bad request body: "+err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "received "+strconv.FormatInt(n, 10)+" bytes\n")
	})
	mux.HandleFunc("GET /json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"message":"Hello, World!"}`)
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil {
			http.Error(w, "bad request body: "+err.Error(), http.StatusBadRequest)
			return
		}
		e := Echo{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Scheme: Scheme(r),
			Host: r.Host, RemoteAddr: r.RemoteAddr, Proto: r.Proto, Headers: r.Header, BodyLength: n}
		if ip, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
			e.RemoteIP = ip
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(e)
	})
	mux.HandleFunc("GET /sleep", func(w http.ResponseWriter, r *http.Request) {
		ms, err := strconv.Atoi(r.URL.Query().Get("ms"))
		if err != nil || ms < 0 {
			http.Error(w, "ms must be a non-negative integer", http.StatusBadRequest)
			return
		}
		select {
		case <-time.After(time.Duration(ms) * time.Millisecond):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "slept "+strconv.Itoa(ms)+" ms\n")
	})
	return mux
}

// Scheme is the request's scheme: the one the gateway took from trusted
// proxy headers, else https under TLS, else http.
func Scheme(r *http.Request) string {
	if r.URL.Scheme != "" {
		return r.URL.Scheme
	}
	if r.TLS != nil {
		return "https"
	}
	return "http"
}
