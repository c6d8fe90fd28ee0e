package cli

import (
	"bytes"
	"strings"
	"testing"
)

func TestMain_Help(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"help"}, 0, "usage: goframe COMMAND [ARGS]"},
		{[]string{"--help"}, 0, "Any other command runs in the project"},
		{[]string{"help", "new"}, 0, "usage: goframe new NAME"},
		{[]string{"help", "serve"}, 0, "usage: goframe serve"},
		{[]string{"new", "--help"}, 0, "usage: goframe new NAME"},
		{[]string{"version"}, 0, "goframe " + Version},
		{[]string{}, 2, "usage: goframe COMMAND"},
		// A project command's help comes from the project: none here.
		{[]string{"help", "sqlmigrate"}, 1, "no goframe project here"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := Main(tt.args, Env{Stdout: &out, Stderr: &errb, Dir: t.TempDir()})
		if code != tt.code || !strings.Contains(out.String()+errb.String(), tt.want) {
			t.Errorf("goframe %v: exit %d, output %q; want %d and %q", tt.args, code, out.String()+errb.String(), tt.code, tt.want)
		}
	}
}
