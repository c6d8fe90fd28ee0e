package h1

// Default request-head limits, with Gunicorn's values.
const (
	// DefaultLimitRequestLine is Gunicorn's default limit_request_line:
	// the maximum size in bytes of the request line, CRLF excluded.
	DefaultLimitRequestLine = 4094
	// DefaultLimitRequestFields is Gunicorn's default limit_request_fields:
	// the maximum number of header (and trailer) field lines of one request.
	DefaultLimitRequestFields = 100
	// DefaultLimitRequestFieldSize is Gunicorn's default
	// limit_request_field_size: the maximum size in bytes of one field line,
	// counted as Gunicorn counts it (the line and its CRLF).
	DefaultLimitRequestFieldSize = 8190
)

// MaxRequestFields is the number of field lines allowed when
// Limits.Fields is 0 or larger than this (Gunicorn's MAX_HEADERS cap).
const MaxRequestFields = 32768

// MaxLineBytes bounds any single head line when its limit is 0
// ("unlimited"): the Checker buffers at most one line, and net/http would
// refuse a longer head with its default MaxHeaderBytes anyway.
const MaxLineBytes = 1 << 20

// Limits are the request-head limits, with Gunicorn's names and meanings.
//
// The zero value means: request line unlimited, 32768 fields, field size
// unlimited. Use DefaultLimits for Gunicorn's defaults. Negative values
// select the default of that limit.
type Limits struct {
	// RequestLine is the maximum number of bytes of the request line,
	// CRLF excluded (Gunicorn's limit_request_line). A longer line is
	// refused with LimitRequestLine (400) as soon as the byte count passes
	// the limit, without waiting for the end of the line. 0 means no
	// configured limit (still bounded by MaxLineBytes). Unlike Gunicorn,
	// values above 8190 are not lowered to 8190.
	RequestLine int

	// Fields is the maximum number of field lines of one request, header
	// and trailer fields counted together (Gunicorn's limit_request_fields).
	// More are refused with LimitRequestHeaders (431). 0, or a value above
	// MaxRequestFields, means MaxRequestFields.
	Fields int

	// FieldSize is the maximum size in bytes of one field line, counted as
	// Gunicorn counts it: name, colon, whitespace, value and the
	// terminating CRLF (Gunicorn's limit_request_field_size). A longer line
	// is refused with LimitRequestHeaders (431) while it streams in. 0 means
	// no configured limit (still bounded by MaxLineBytes).
	FieldSize int
}

// DefaultLimits returns Gunicorn's default limits.
func DefaultLimits() Limits {
	return Limits{
		RequestLine: DefaultLimitRequestLine,
		Fields:      DefaultLimitRequestFields,
		FieldSize:   DefaultLimitRequestFieldSize,
	}
}

// limits are Limits normalized for the hot path: maximum line contents
// (CRLF excluded) and the field count.
type limits struct {
	line   int // request line content
	field  int // field line content
	fields int // field lines per request
}

func (l Limits) normalize() limits {
	var n limits
	switch {
	case l.RequestLine < 0:
		n.line = DefaultLimitRequestLine
	case l.RequestLine == 0 || l.RequestLine > MaxLineBytes:
		n.line = MaxLineBytes
	default:
		n.line = l.RequestLine
	}
	switch {
	case l.Fields < 0:
		n.fields = DefaultLimitRequestFields
	case l.Fields == 0 || l.Fields > MaxRequestFields:
		n.fields = MaxRequestFields
	default:
		n.fields = l.Fields
	}
	switch {
	case l.FieldSize < 0:
		n.field = DefaultLimitRequestFieldSize - 2
	case l.FieldSize == 0 || l.FieldSize > MaxLineBytes+2:
		n.field = MaxLineBytes
	default:
		n.field = max(l.FieldSize-2, 0)
	}
	return n
}

// MaxHeadBytes is the size in bytes of the largest request head the
// Checker can accept with these limits: up to two empty lines tolerated
// before the request line, the request line, the maximum number of field
// lines of maximum size, and the final CRLF. Set http.Server.MaxHeaderBytes
// to at least this value so that net/http never refuses a head the Checker
// passed.
func (l Limits) MaxHeadBytes() int64 {
	n := l.normalize()
	return 4 + int64(n.line) + 2 + int64(n.fields)*(int64(n.field)+2) + 2
}
