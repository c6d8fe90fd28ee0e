// Package cli implements the goframe command's subcommands. Each is a
// function from arguments and standard streams to an exit status, so
// that tests run them in-process as well as through the binary.
package cli
