package gateway

import (
	"sync"
	"sync/atomic"
	"time"
)

// The phases of a client connection that the reaper times.
const (
	phaseHead   int32 = iota // waiting for, or reading, a request head
	phaseActive              // a request is being served
	phaseIdle                // keep-alive: waiting for the next request
	phaseRaw                 // hijacked: not the gateway's any more
)

// reaper enforces --header-timeout and --keep-alive on HTTP connections.
// net/http would do it with a read deadline per request, but setting and
// clearing deadlines (runtime timers) twice a request costs about a seventh
// of the throughput of a small handler; the reaper instead has each
// connection note its phase and when it began (two atomic stores), and one
// goroutine closes, a few times a second, those that overstay.
type reaper struct {
	header, idle time.Duration // 0 disables that timeout
	// watchGone has the reaper look for clients that went away while
	// their request runs (gone.go): for the goframe engine.
	watchGone bool

	// now is a coarse clock, advanced at every tick: connections stamp
	// their phases with it, since time.Now costs more than all the rest
	// of the bookkeeping on some machines.
	now atomic.Int64

	mu    sync.Mutex
	conns map[*checkedConn]struct{}
	stop  chan struct{}
	once  sync.Once
}

func newReaper(header, idle time.Duration, watchGone bool) *reaper {
	r := &reaper{header: header, idle: idle, watchGone: watchGone, conns: map[*checkedConn]struct{}{}, stop: make(chan struct{})}
	r.now.Store(time.Now().UnixNano())
	return r
}

// interval is how often the reaper looks: a tenth of the shorter timeout,
// between 10 ms and 250 ms.
func (r *reaper) interval() time.Duration {
	d := 250 * time.Millisecond
	for _, t := range []time.Duration{r.header, r.idle} {
		if t > 0 && t/10 < d {
			d = t / 10
		}
	}
	return max(d, 10*time.Millisecond)
}

func (r *reaper) add(c *checkedConn) {
	r.mu.Lock()
	r.conns[c] = struct{}{}
	r.mu.Unlock()
}

func (r *reaper) remove(c *checkedConn) {
	r.mu.Lock()
	delete(r.conns, c)
	r.mu.Unlock()
}

// run closes overdue connections until close is called.
func (r *reaper) run() {
	if r.header <= 0 && r.idle <= 0 && !r.watchGone {
		return
	}
	t := time.NewTicker(r.interval())
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case now := <-t.C:
			r.now.Store(now.UnixNano())
			r.reap(now)
		}
	}
}

func (r *reaper) reap(now time.Time) {
	// Phases are stamped with the previous tick, up to one interval
	// before they began: allow that interval, so none is cut early.
	slack := r.interval()
	var overdue, running []*checkedConn
	r.mu.Lock()
	for c := range r.conns {
		since := time.Duration(now.UnixNano()-c.since.Load()) - slack
		switch c.phase.Load() {
		case phaseHead:
			if r.header > 0 && since > r.header {
				overdue = append(overdue, c)
			}
		case phaseIdle:
			if r.idle > 0 && since > r.idle {
				overdue = append(overdue, c)
			}
		case phaseActive:
			if r.watchGone && since > 0 {
				running = append(running, c)
			}
		}
	}
	r.mu.Unlock()
	for _, c := range overdue {
		c.Close()
	}
	for _, c := range running {
		c.checkGone()
	}
}

func (r *reaper) close() { r.once.Do(func() { close(r.stop) }) }

// setPhase records a connection's new phase and when it began, to the
// reaper's tick.
func (c *checkedConn) setPhase(p int32) {
	c.since.Store(c.reaper.now.Load())
	c.phase.Store(p)
}
