package gs4003

import (
	"errors"
	"sync"
	"time"
)

// probe checks a backend on every tick until it answers, or until it is stopped.
type probe struct {
	addr   string
	check  func(string) error
	giveUp chan struct{}
	once   sync.Once
}

func (p *probe) run(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if p.check(p.addr) != nil {
				continue
			}
			return
		case <-p.giveUp:
			return
		}
	}
}

func (p *probe) Stop() { p.once.Do(func() { close(p.giveUp) }) }

// backends probes the backends that failed; Close stops every probe it keeps.
type backends struct {
	mu     sync.Mutex
	probes map[string]*probe
	check  func(string) error
}

func (b *backends) failed(addr string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.probes[addr]; ok {
		return
	}
	p := &probe{addr: addr, check: b.check, giveUp: make(chan struct{})}
	b.probes[addr] = p
	go p.run(time.Second) // want `GS4003: goroutine runs until its probe is released, or a check it retries on every tick passes; the backends keeps them in probes and releases those it holds, but forget deletes one without releasing it`
}

// forget drops a backend that discovery no longer lists, and leaves its probe ticking.
func (b *backends) forget(addr string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.probes, addr)
}

func (b *backends) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.probes {
		p.Stop()
	}
}

// fetch asks a backend once: it ends by itself when the answer comes, whoever holds it.
type fetch struct {
	addr   string
	result chan error
	cancel chan struct{}
}

func (f *fetch) run(get func(string) error) {
	select {
	case f.result <- get(f.addr):
	case <-f.cancel:
	}
}

func (f *fetch) Cancel() { close(f.cancel) }

// fetches keeps fetches in flight; Close cancels them, drop forgets one.
type fetches struct {
	mu       sync.Mutex
	inFlight map[string]*fetch
}

var errBusy = errors.New("busy")

func (s *fetches) start(addr string, get func(string) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.inFlight[addr]; ok {
		return errBusy
	}
	f := &fetch{addr: addr, result: make(chan error, 1), cancel: make(chan struct{})}
	s.inFlight[addr] = f
	go f.run(get) // ok: a fetch ends once its one answer is sent (the result has a buffer)
	return nil
}

func (s *fetches) drop(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.inFlight, addr)
}

func (s *fetches) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.inFlight {
		f.Cancel()
	}
}

// retry checks on a timer made anew each round, not a ticker: left to the timer checks.
type retry struct {
	check   func() error
	abandon chan struct{}
}

func (r *retry) run() {
	for {
		select {
		case <-time.After(time.Second):
			if r.check() == nil {
				return
			}
		case <-r.abandon:
			return
		}
	}
}

type retries struct {
	mu  sync.Mutex
	all map[int]*retry
}

func (rs *retries) add(id int, check func() error) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r := &retry{check: check, abandon: make(chan struct{})}
	rs.all[id] = r
	go r.run() // ok: a time.After in the loop is no ticker this mechanism knows
}

func (rs *retries) remove(id int) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	delete(rs.all, id)
}

func (rs *retries) Close() {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for _, r := range rs.all {
		close(r.abandon)
	}
}
