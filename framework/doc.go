// Package framework is goframe's web framework: the App (an
// http.Handler served by the gateway), its configuration, and — as the
// framework issue lands — Request and Response objects, middleware,
// sessions, CSRF, static files, error pages, management commands and a
// test client, composed from the router, templates and orm packages.
package framework
