package main

import (
	"strings"
	"testing"
)

func TestMigrateFirst(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want bool
	}{
		{[]string{"serve"}, true},
		{[]string{"serve", "--bind", "127.0.0.1:8000", "--workers", "2"}, true},
		{[]string{"serve", "--help"}, false},
		{[]string{"serve", "-h"}, false},
		{[]string{"serve", "--check-config"}, false},
		{[]string{"serve", "--print-config"}, false},
		{[]string{"migrate"}, false},
		{[]string{"check", "serve"}, false},
		{nil, false},
	}
	for _, tc := range tests {
		if got := migrateFirst(tc.args); got != tc.want {
			t.Errorf("migrateFirst(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

func TestCheckMigrationsDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir() // exists; the working directory (examples/blog) has app/migrations
	tests := []struct {
		args    []string
		dir     string
		wantErr string
	}{
		{[]string{"makemigrations", "--name", "x"}, dir, ""},
		{[]string{"makemigrations"}, "app/migrations", ""},
		{[]string{"makemigrations"}, dir + "/missing", "run it from examples/blog"},
		{[]string{"makemigrations", "--dry-run"}, "no/such/dir", "no/such/dir, which is not in the working directory"},
		{[]string{"makemigrations", "-h"}, "no/such/dir", ""},
		{[]string{"migrate"}, "no/such/dir", ""},
	}
	for _, tc := range tests {
		err := checkMigrationsDir(tc.args, tc.dir)
		if (err == nil) != (tc.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("checkMigrationsDir(%q, %q) = %v, want an error with %q", tc.args, tc.dir, err, tc.wantErr)
		}
	}
}
