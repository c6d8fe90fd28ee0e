// Package tfb holds the logic every peer in bench/ shares for TechEmpower's
// test types (plaintext, json, db, queries, fortunes, updates,
// cached-queries): the SQLite database and its seeding, the clamping of the
// queries parameter, the fortunes and their template. Each peer is then only
// its routing and handlers, so that the benchmarks compare frameworks on equal
// logic.
package tfb
