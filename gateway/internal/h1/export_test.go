package h1

// ParseSplit is Parse feeding raw to the Checker in pieces of the given
// sizes, cycled (nil: all at once).
func ParseSplit(raw []byte, l Limits, sizes []int) ([]Request, error) {
	return parseSplit(raw, l, sizes, false)
}

// ParseHostOptional is Parse without the Host requirement of RFC 9112 §3.2,
// so that corpus cases written without Host still test everything else.
func ParseHostOptional(raw []byte, l Limits) ([]Request, error) {
	return parseSplit(raw, l, nil, true)
}
