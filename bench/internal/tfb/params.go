package tfb

import "strconv"

// Hello is the body of /plaintext and the message of /json.
const Hello = "Hello, World!"

// Message is the object /json encodes; a new one is made per request.
type Message struct {
	Message string `json:"message"`
}

// Queries is TechEmpower's reading of the queries (or count) parameter:
// a number clamped to 1..500, with a missing or bad value treated as 1.
func Queries(s string) int {
	n, err := strconv.Atoi(s)
	switch {
	case err != nil || n < 1:
		return 1
	case n > 500:
		return 500
	}
	return n
}
