// Command plain serves examples/hello's handler with a bare net/http.Server:
// the baseline the gateway is measured against (`make bench`).
package main

import (
	"flag"
	"log"
	"net/http"

	"github.com/goframe/goframe/examples/hello/app"
)

func main() {
	addr := flag.String("bind", "127.0.0.1:8001", "address to listen on")
	flag.Parse()
	log.Printf("plain net/http listening on %s", *addr)
	log.Fatal(http.ListenAndServe(*addr, app.Handler()))
}
