// Package pyjson writes JSON strings exactly as Python's json.dumps does
// with its default ensure_ascii=True, for output that must match
// Django's byte for byte (json_script, the staticfiles manifest).
package pyjson

import "strings"

// Write writes s to b as a JSON string quoted by json.dumps: printable
// ASCII as is, the usual backslash escapes, everything else as \uXXXX
// (characters beyond the BMP as surrogate pairs). With escapeHTML, <, >
// and & are escaped too, as Django's json_script does.
func Write(b *strings.Builder, s string, escapeHTML bool) {
	const hex = "0123456789abcdef"
	u4 := func(r rune) {
		b.WriteString(`\u`)
		b.WriteByte(hex[r>>12&0xf])
		b.WriteByte(hex[r>>8&0xf])
		b.WriteByte(hex[r>>4&0xf])
		b.WriteByte(hex[r&0xf])
	}
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '<', '>', '&':
			if !escapeHTML {
				b.WriteByte(byte(r))
				break
			}
			switch r {
			case '<':
				b.WriteString(`\u003C`)
			case '>':
				b.WriteString(`\u003E`)
			default:
				b.WriteString(`\u0026`)
			}
		default:
			switch {
			case r >= 0x20 && r <= 0x7e:
				b.WriteByte(byte(r))
			case r < 0x10000:
				u4(r)
			default:
				r -= 0x10000
				u4(0xd800 | r>>10)
				u4(0xdc00 | r&0x3ff)
			}
		}
	}
	b.WriteByte('"')
}

// Quote returns s quoted by json.dumps.
func Quote(s string) string {
	var b strings.Builder
	Write(&b, s, false)
	return b.String()
}
