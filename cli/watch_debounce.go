package cli

import (
	"context"
	"slices"
	"time"
)

// watchQuiet is how long the tree must stay quiet after a change before
// goframe serve acts on it: an editor's save (write a temporary file,
// rename it over the old one) or a `git checkout` of many files is one
// batch.
const watchQuiet = 200 * time.Millisecond

// watchDebounce reads changed paths from in and sends them on out in
// batches (sorted, without duplicates): a batch is sent once quiet has
// passed since the last path arrived. after is time.After, or a clock of
// the tests'. It returns when ctx is done or in is closed (sending what
// it holds first, unless ctx is done).
func watchDebounce(ctx context.Context, quiet time.Duration, after func(time.Duration) <-chan time.Time, in <-chan string, out chan<- []string) {
	var (
		pending []string
		timer   <-chan time.Time // nil while nothing is pending
	)
	flush := func() bool {
		slices.Sort(pending)
		batch := slices.Compact(pending)
		pending, timer = nil, nil
		select {
		case out <- batch:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case p, ok := <-in:
			if !ok {
				if len(pending) > 0 {
					flush()
				}
				return
			}
			pending = append(pending, p)
			timer = after(quiet) // a fresh quiet period; the old timer is dropped
		case <-timer:
			if !flush() {
				return
			}
		}
	}
}
