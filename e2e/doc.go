// Package e2e holds goframe's end-to-end tests, built with the e2e tag:
// real binaries, processes and signals, and a real nginx in front of the
// gateway. `make e2e` runs them.
package e2e
