package templates

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"
)

// pprint.

// filterPprint is Python's pprint.pformat(value): the repr, wrapped at
// 80 columns as pprint wraps lists, dicts (keys sorted) and strings.
func filterPprint(_ FilterCall, in, _ any) (any, error) {
	p := pprinter{width: 80}
	p.format(in, 0, 0, 0)
	return p.b.String(), nil
}

// pprinter is Python's PrettyPrinter (indent 1, width 80, dicts
// sorted) writing to b.
type pprinter struct {
	b     strings.Builder
	width int
}

// pyItem is one key and value of a mapping.
type pyItem struct{ key, value any }

// pprintKind says which of pprint's layouts v gets: 'd' dict, 'l' list,
// 's' str, 0 none.
func pprintKind(v any) byte {
	switch {
	case isMapping(v):
		return 'd'
	case isPyList(v):
		return 'l'
	}
	if _, ok := pyStr(v); ok {
		if _, isStringer := v.(fmt.Stringer); !isStringer {
			return 's'
		}
	}
	return 0
}

// pyItems returns a mapping's items sorted by key, as pprint sorts
// them (keys that do not compare are ordered by type name).
func pyItems(v any) []pyItem {
	var items []pyItem
	switch x := v.(type) {
	case map[string]any:
		items = make([]pyItem, 0, len(x))
		for k, val := range x {
			items = append(items, pyItem{k, val})
		}
	case Mapping:
		keys := x.Keys()
		items = make([]pyItem, 0, len(keys))
		for _, k := range keys {
			val, _ := x.Get(k)
			items = append(items, pyItem{k, val})
		}
	default:
		rv := reflect.ValueOf(v)
		iter := rv.MapRange()
		for iter.Next() {
			items = append(items, pyItem{iter.Key().Interface(), iter.Value().Interface()})
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i].key, items[j].key
		if c, ok := pyCompare(a, b); ok {
			return c < 0
		}
		return "<class '"+pyTypeName(a)+"'>" < "<class '"+pyTypeName(b)+"'>"
	})
	return items
}

// pprintRepr is pprint's _safe_repr: repr with dict keys sorted.
func pprintRepr(v any) string {
	switch pprintKind(v) {
	case 'd':
		items := pyItems(v)
		var b strings.Builder
		b.WriteByte('{')
		for i, it := range items {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(pprintRepr(it.key))
			b.WriteString(": ")
			b.WriteString(pprintRepr(it.value))
		}
		b.WriteByte('}')
		return b.String()
	case 'l':
		items, _ := toList(v)
		var b strings.Builder
		b.WriteByte('[')
		for i, it := range items {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(pprintRepr(it))
		}
		b.WriteByte(']')
		return b.String()
	case 's':
		s, _ := pyStr(v)
		return reprString(s)
	}
	return repr(v)
}

// format is PrettyPrinter._format.
func (p *pprinter) format(v any, indent, allowance, level int) {
	rep := pprintRepr(v)
	if utf8.RuneCountInString(rep) > p.width-indent-allowance {
		switch pprintKind(v) {
		case 'd':
			p.dict(v, indent, allowance, level+1)
			return
		case 'l':
			p.list(v, indent, allowance, level+1)
			return
		case 's':
			s, _ := pyStr(v)
			p.str(s, indent, allowance, level+1)
			return
		}
	}
	p.b.WriteString(rep)
}

// newline ends an item of a wrapped list or dict.
func (p *pprinter) newline(indent int) {
	p.b.WriteString(",\n")
	for range indent {
		p.b.WriteByte(' ')
	}
}

// dict is PrettyPrinter._pprint_dict: one item per line.
func (p *pprinter) dict(v any, indent, allowance, level int) {
	p.b.WriteByte('{')
	items := pyItems(v)
	allowance++
	indent++
	for i, it := range items {
		last := i == len(items)-1
		rep := pprintRepr(it.key)
		p.b.WriteString(rep)
		p.b.WriteString(": ")
		a := 1
		if last {
			a = allowance
		}
		p.format(it.value, indent+utf8.RuneCountInString(rep)+2, a, level)
		if !last {
			p.newline(indent)
		}
	}
	p.b.WriteByte('}')
}

// list is PrettyPrinter._pprint_list: one item per line.
func (p *pprinter) list(v any, indent, allowance, level int) {
	p.b.WriteByte('[')
	items, _ := toList(v)
	allowance++
	indent++
	for i, it := range items {
		if i > 0 {
			p.newline(indent)
		}
		a := 1
		if i == len(items)-1 {
			a = allowance
		}
		p.format(it, indent, a, level)
	}
	p.b.WriteByte(']')
}

// str is PrettyPrinter._pprint_str: the string split into lines and
// then at spaces, one quoted chunk per output line.
func (p *pprinter) str(s string, indent, allowance, level int) {
	if s == "" {
		p.b.WriteString(reprString(s))
		return
	}
	if level == 1 {
		indent++
		allowance++
	}
	maxWidth := p.width - indent
	maxWidth1 := maxWidth
	lines := splitLinesKeep(s)
	var chunks []string
	for i, line := range lines {
		rep := reprString(line)
		lastLine := i == len(lines)-1
		if lastLine {
			maxWidth1 -= allowance
		}
		if utf8.RuneCountInString(rep) <= maxWidth1 {
			chunks = append(chunks, rep)
			continue
		}
		parts := splitWords(line)
		maxWidth2 := maxWidth
		current := ""
		for j, part := range parts {
			candidate := current + part
			if j == len(parts)-1 && lastLine {
				maxWidth2 -= allowance
			}
			if utf8.RuneCountInString(reprString(candidate)) > maxWidth2 {
				if current != "" {
					chunks = append(chunks, reprString(current))
				}
				current = part
			} else {
				current = candidate
			}
		}
		if current != "" {
			chunks = append(chunks, reprString(current))
		}
	}
	if len(chunks) == 1 {
		p.b.WriteString(chunks[0])
		return
	}
	if level == 1 {
		p.b.WriteByte('(')
	}
	for i, c := range chunks {
		if i > 0 {
			p.b.WriteByte('\n')
			for range indent {
				p.b.WriteByte(' ')
			}
		}
		p.b.WriteString(c)
	}
	if level == 1 {
		p.b.WriteByte(')')
	}
}

// splitLinesKeep is Python's s.splitlines(keepends=True).
func splitLinesKeep(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		end := i + size
		switch r {
		case '\r':
			if end < len(s) && s[end] == '\n' {
				end++
			}
		case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		default:
			i = end
			continue
		}
		lines = append(lines, s[start:end])
		start, i = end, end
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}

// splitWords is re.findall(r'\S*\s*', s) without the final empty match.
func splitWords(s string) []string {
	var parts []string
	for i := 0; i < len(s); {
		start := i
		inSpace := false
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			sp := isPySpace(r)
			if inSpace && !sp {
				break
			}
			inSpace = inSpace || sp
			i += size
		}
		parts = append(parts, s[start:i])
	}
	return parts
}
