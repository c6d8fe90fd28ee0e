package framework

import (
	"io"
	"net/http"
)

// writerOnly hides every method but Write, so that io.Copy does not
// loop back into a ReadFrom.
type writerOnly struct{ io.Writer }

// addVary adds field to the Vary header unless it is listed already.
func addVary(h http.Header, field string) {
	for _, v := range h.Values("Vary") {
		for _, f := range splitList(v) {
			if f == "*" || http.CanonicalHeaderKey(f) == http.CanonicalHeaderKey(field) {
				return
			}
		}
	}
	h.Add("Vary", field)
}
