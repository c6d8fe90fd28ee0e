package framework

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
)

// The references Django's ManifestStaticFilesStorage rewrites in CSS:
// url(...) (quoted or not) and @import "..." (which becomes @import
// url("...")).
var (
	cssURLRe    = regexp.MustCompile(`(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^"')]*?))\s*\)`)
	cssImportRe = regexp.MustCompile(`(?i)@import\s*(?:"\s*([^"]*)"|'\s*([^']*)')`)
	cssSchemeRe = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
)

// errStaticNotFound is what a CSS rewrite lookup returns for a reference
// to a file that is not collected.
var errStaticNotFound = errors.New("not found")

// cssRef is one reference in a CSS file.
type cssRef struct {
	start, end int    // the matched text
	url        string // the URL as written, trimmed
	isImport   bool   // @import "..." rather than url(...)
}

// findCSSRefs returns the url(...) and @import "..." references of css,
// in order, leaving out those inside comments.
func findCSSRefs(css []byte) []cssRef {
	comments := cssComments(css)
	inComment := func(i int) bool {
		for _, c := range comments {
			if i >= c[0] && i < c[1] {
				return true
			}
		}
		return false
	}
	var refs []cssRef
	add := func(re *regexp.Regexp, isImport bool) {
		for _, m := range re.FindAllSubmatchIndex(css, -1) {
			if inComment(m[0]) {
				continue
			}
			u := ""
			for g := 1; g < len(m)/2; g++ {
				if m[2*g] >= 0 {
					u = string(css[m[2*g]:m[2*g+1]])
					break
				}
			}
			refs = append(refs, cssRef{start: m[0], end: m[1], url: strings.TrimSpace(u), isImport: isImport})
		}
	}
	add(cssURLRe, false)
	add(cssImportRe, true)
	slices.SortFunc(refs, func(a, b cssRef) int { return a.start - b.start })
	// Drop overlaps (an @import "url(x)" would match both).
	out := refs[:0]
	last := -1
	for _, r := range refs {
		if r.start >= last {
			out = append(out, r)
			last = r.end
		}
	}
	return out
}

// cssComments returns the [start, end) spans of the /* */ comments of
// css, skipping over strings; an unterminated comment runs to the end.
func cssComments(css []byte) [][2]int {
	var spans [][2]int
	for i := 0; i < len(css); i++ {
		switch c := css[i]; {
		case c == '"' || c == '\'':
			for i++; i < len(css) && css[i] != c && css[i] != '\n'; i++ {
				if css[i] == '\\' {
					i++
				}
			}
		case c == '/' && i+1 < len(css) && css[i+1] == '*':
			end := bytes.Index(css[i+2:], []byte("*/"))
			if end < 0 {
				return append(spans, [2]int{i, len(css)})
			}
			spans = append(spans, [2]int{i, i + 2 + end + 2})
			i += 2 + end + 1
		}
	}
	return spans
}

// cssTarget returns the collected file a reference in the CSS file name
// points to, or "" when the reference is left as it is: a data: or
// other scheme, a protocol-relative or absolute URL outside staticURL,
// a fragment only, a directory. This is Django's url_converter.
func cssTarget(name, staticURL, ref string) string {
	if ref == "" || cssSchemeRe.MatchString(ref) || strings.HasPrefix(ref, "//") {
		return ""
	}
	if strings.HasPrefix(ref, "/") && !(strings.HasPrefix(staticURL, "/") && strings.HasPrefix(ref, staticURL)) {
		return ""
	}
	p, _, _ := strings.Cut(ref, "#")
	p, _, _ = strings.Cut(p, "?")
	if p == "" || strings.HasSuffix(p, "/") {
		return ""
	}
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	if rest, ok := strings.CutPrefix(p, staticURL); ok && strings.HasPrefix(staticURL, "/") {
		return path.Clean(rest)
	}
	return path.Join(path.Dir(name), p)
}

// rewriteCSS returns css (the content of the CSS file name) with its
// references to collected files replaced by their hashed names, as
// Django's ManifestStaticFilesStorage: url("../img/logo.<hash>.png"),
// @import url("base.<hash>.css"), the reference's directory part, query
// and fragment kept. hashed returns a target's hashed name, or an error
// (errStaticNotFound for a file that is not collected); a reference to a
// missing file is an error naming the CSS file and the reference.
func rewriteCSS(name, staticURL string, css []byte, hashed func(target string) (string, error)) ([]byte, error) {
	refs := findCSSRefs(css)
	var out bytes.Buffer
	out.Grow(len(css) + len(refs)*16)
	prev := 0
	for _, r := range refs {
		target := cssTarget(name, staticURL, r.url)
		if target == "" {
			continue
		}
		line := 1 + bytes.Count(css[:r.start], []byte("\n"))
		if target == ".." || strings.HasPrefix(target, "../") {
			return nil, fmt.Errorf("the CSS file '%s' (line %d) references a file outside the static files: %s", name, line, r.url)
		}
		h, err := hashed(target)
		if errors.Is(err, errStaticNotFound) {
			return nil, fmt.Errorf("the CSS file '%s' (line %d) references a file which could not be found: %s (the file '%s'); check the URL references in this CSS file, particularly relative paths", name, line, r.url, target)
		}
		if err != nil {
			return nil, err
		}
		out.Write(css[prev:r.start])
		if r.isImport {
			out.WriteString("@import ")
		}
		out.WriteString(`url("`)
		out.WriteString(hashedRef(r.url, h))
		out.WriteString(`")`)
		prev = r.end
	}
	out.Write(css[prev:])
	return out.Bytes(), nil
}

// hashedRef is the reference ref with its file name replaced by the base
// name of hashed: its directory part as written, then the query and the
// fragment (with the "?#iefix" of the bulletproof @font-face syntax).
func hashedRef(ref, hashed string) string {
	p, fragment, hasFragment := strings.Cut(ref, "#")
	p, query, _ := strings.Cut(p, "?")
	out := p[:strings.LastIndexByte(p, '/')+1] + quoteStaticPath(path.Base(hashed))
	if query != "" {
		out += "?" + query
	}
	if hasFragment && fragment != "" {
		if query == "" && strings.Contains(ref, "?#") {
			out += "?"
		}
		out += "#" + fragment
	}
	return out
}
