package framework

import (
	"context"
	"net/http"
)

// reqState is the framework's per-request state, in one context the App
// adds once per request (App.ServeHTTP): the request ID, recover's
// response state, the session, the messages and the CSRF state. A
// middleware that finds it keeps its part there instead of adding a
// context value and copying the request, two allocations each. The
// middleware also work without it (RequestID used on its own, say).
type reqState struct {
	context.Context // the request's own context
	requestID       string
	response        *responseState
	session         *Session
	messages        *messageStorage
	csrf            *csrfState
}

type reqStateKey struct{}

// Value returns the state itself for reqStateKey, and asks the parent
// context for anything else (cancellation included).
func (s *reqState) Value(key any) any {
	if _, ok := key.(reqStateKey); ok {
		return s
	}
	return s.Context.Value(key)
}

// withReqState returns r with a fresh reqState in its context.
func withReqState(r *http.Request) *http.Request {
	return r.WithContext(&reqState{Context: r.Context()})
}

// reqStateFrom returns the request's state, or nil outside an App.
func reqStateFrom(ctx context.Context) *reqState {
	st, _ := ctx.Value(reqStateKey{}).(*reqState)
	return st
}
