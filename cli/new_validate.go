package cli

import (
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"strings"
)

// newValidateName checks a project's name: it becomes a directory, a
// binary, a module path, a systemd unit and a socket's name, so it is
// kept to lowercase letters, digits, - and _, starting with a letter.
func newValidateName(name string) error {
	if name == "" {
		return fmt.Errorf("project name \"\": use lowercase letters, digits, - and _, starting with a letter (e.g. blog)")
	}
	if len(name) > 64 {
		return fmt.Errorf("project name %q is too long: 64 characters at most", name)
	}
	for i, r := range name {
		switch {
		case r >= 'a' && r <= 'z':
		case i > 0 && (r >= '0' && r <= '9' || r == '-' || r == '_'):
		default:
			suggestion := newSuggestName(name)
			hint := "use lowercase letters, digits, - and _, starting with a letter"
			if suggestion != "" {
				hint += fmt.Sprintf(" (e.g. %s)", suggestion)
			}
			return fmt.Errorf("project name %q: %s", name, hint)
		}
	}
	if strings.HasSuffix(name, "-") || strings.HasSuffix(name, "_") {
		return fmt.Errorf("project name %q ends with %q: end it with a letter or a digit", name, name[len(name)-1:])
	}
	return nil
}

// newSuggestName turns a name into one newValidateName accepts, or "".
func newSuggestName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		case r == '-' || r == ' ' || r == '.':
			b.WriteRune('-')
		}
	}
	s := strings.Trim(b.String(), "-_0123456789")
	if newValidateNameShape(s) {
		return s
	}
	return ""
}

// newValidateNameShape reports whether s has a valid name's shape.
func newValidateNameShape(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	return !strings.HasSuffix(s, "-") && !strings.HasSuffix(s, "_")
}

// newValidateModule checks a module path as the go command does for
// import paths: slash-separated elements of ASCII letters, digits and
// "-._~", none empty nor starting or ending with a dot; and not a
// standard library package's path, which would shadow it.
func newValidateModule(path string) error {
	bad := func(why string) error {
		return fmt.Errorf("module path %q: %s: give --module a path such as example.com/blog or github.com/you/blog", path, why)
	}
	if path == "" {
		return bad("empty")
	}
	if strings.HasPrefix(path, "/") || strings.HasSuffix(path, "/") {
		return bad("it starts or ends with a slash")
	}
	for _, elem := range strings.Split(path, "/") {
		switch {
		case elem == "":
			return bad("it has an empty element (//)")
		case elem == "." || elem == "..":
			return bad(fmt.Sprintf("it has the element %q", elem))
		case strings.HasPrefix(elem, ".") || strings.HasSuffix(elem, "."):
			return bad(fmt.Sprintf("element %q starts or ends with a dot", elem))
		}
		for _, r := range elem {
			ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~", r)
			if !ok {
				return bad(fmt.Sprintf("%q is not allowed in a module path", r))
			}
		}
	}
	if first, _, _ := strings.Cut(path, "/"); !strings.Contains(first, ".") && build.Default.GOROOT != "" {
		if st, err := os.Stat(filepath.Join(build.Default.GOROOT, "src", filepath.FromSlash(path))); err == nil && st.IsDir() {
			return bad("it is a standard library package's path")
		}
	}
	return nil
}
