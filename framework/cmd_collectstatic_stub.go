package framework

import (
	"errors"
	"io"
)

// STUB for the commands helper's build: the static files helper writes
// the real CollectStatic; delete this file when it lands.

// CollectResult counts what CollectStatic did.
type CollectResult struct{ Copied, PostProcessed int }

// CollectStatic copies the static files to dest.
func (a *App) CollectStatic(dest string, w io.Writer) (CollectResult, error) {
	return CollectResult{}, errors.New("framework: CollectStatic: not implemented")
}
