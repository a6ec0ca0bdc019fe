package gs1005

import (
	"fmt"
	"io"
	"sync"
)

// crew runs pagers until it is halted; halting first waits for the running jobs to end.
type crew struct {
	halt chan struct{}
	mu   sync.Mutex
	idle *sync.Cond
	jobs int
	wg   sync.WaitGroup
}

func newcrew() *crew {
	s := &crew{halt: make(chan struct{})}
	s.idle = sync.NewCond(&s.mu)
	return s
}

func (s *crew) run(f func()) {
	s.wg.Add(1)
	go func() { // ok: the serving goroutine finishes jobs, so drain may wait for it
		defer s.wg.Done()
		f()
	}()
}

func (s *crew) halted() <-chan struct{} {
	if s == nil {
		return nil
	}
	return s.halt
}

// finish ends a job and wakes whoever waits for the jobs to drain.
func (s *crew) finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs--
	s.idle.Broadcast()
}

func (s *crew) drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.jobs > 0 {
		s.idle.Wait()
	}
}

func (s *crew) shutdown() {
	s.drain()
	close(s.halt)
	s.wg.Wait()
}

// pager produces pages for as long as its supervisor runs.
type pager struct {
	out chan string
	sup *crew
}

func (r *pager) Close() error { return nil }

func newpager(s *crew) io.Closer {
	r := &pager{out: make(chan string), sup: s}
	r.start()
	return r
}

func (r *pager) start() {
	r.sup.run(func() {
		for {
			select {
			case <-r.sup.halted():
				return
			default:
				r.out <- "page"
			}
		}
	})
}

func consumepager(in <-chan string, s *crew) {
	for {
		select {
		case v := <-in:
			fmt.Println(v)
			s.finish()
		case <-s.halted():
			return
		}
	}
}

// Page shuts down only once the jobs the reader finishes are done.
func Page() {
	s := newcrew()
	p := newpager(s).(*pager)
	s.run(func() { consumepager(p.out, s) })
	s.shutdown()
}

// fleet runs pingers until it is halted; halting first waits for the running jobs to end.
type fleet struct {
	halt chan struct{}
	mu   sync.Mutex
	idle *sync.Cond
	jobs int
	wg   sync.WaitGroup
}

func newfleet() *fleet {
	s := &fleet{halt: make(chan struct{})}
	s.idle = sync.NewCond(&s.mu)
	return s
}

func (s *fleet) run(f func()) {
	s.wg.Add(1)
	go func() { // ok: the pinger holds the lock across its send, so drain waits for it
		defer s.wg.Done()
		f()
	}()
}

func (s *fleet) halted() <-chan struct{} {
	if s == nil {
		return nil
	}
	return s.halt
}

// finish ends a job and wakes whoever waits for the jobs to drain.
func (s *fleet) finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs--
	s.idle.Broadcast()
}

func (s *fleet) drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.jobs > 0 {
		s.idle.Wait()
	}
}

func (s *fleet) shutdown() {
	s.drain()
	close(s.halt)
	s.wg.Wait()
}

// pinger produces pings for as long as its supervisor runs.
type pinger struct {
	out chan string
	sup *fleet
}

func (r *pinger) Close() error { return nil }

func newpinger(s *fleet) io.Closer {
	r := &pinger{out: make(chan string), sup: s}
	r.start()
	return r
}

func (r *pinger) start() {
	r.sup.run(func() {
		for {
			select {
			case <-r.sup.halted():
				return
			default:
				r.sup.mu.Lock()
				r.out <- "ping"
				r.sup.mu.Unlock()
			}
		}
	})
}

func consumepinger(in <-chan string, s *fleet) {
	for {
		select {
		case v := <-in:
			fmt.Println(v)

		case <-s.halted():
			return
		}
	}
}

// Ping shuts down after the pinger lets go of the lock.
func Ping() {
	s := newfleet()
	p := newpinger(s).(*pinger)
	s.run(func() { consumepinger(p.out, s) })
	s.shutdown()
}

// shop runs clerks until it is halted; halting first waits for the running jobs to end.
type shop struct {
	halt chan struct{}
	mu   sync.Mutex
	idle *sync.Cond
	jobs int
	wg   sync.WaitGroup
}

func newshop() *shop {
	s := &shop{halt: make(chan struct{})}
	s.idle = sync.NewCond(&s.mu)
	return s
}

func (s *shop) run(f func()) {
	s.wg.Add(1)
	go func() { // ok: the shop is the caller's: someone else may finish its jobs
		defer s.wg.Done()
		f()
	}()
}

func (s *shop) halted() <-chan struct{} {
	if s == nil {
		return nil
	}
	return s.halt
}

// finish ends a job and wakes whoever waits for the jobs to drain.
func (s *shop) finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs--
	s.idle.Broadcast()
}

func (s *shop) drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.jobs > 0 {
		s.idle.Wait()
	}
}

func (s *shop) shutdown() {
	s.drain()
	close(s.halt)
	s.wg.Wait()
}

// clerk produces orders for as long as its supervisor runs.
type clerk struct {
	out chan string
	sup *shop
}

func (r *clerk) Close() error { return nil }

func newclerk(s *shop) io.Closer {
	r := &clerk{out: make(chan string), sup: s}
	r.start()
	return r
}

func (r *clerk) start() {
	r.sup.run(func() {
		for {
			select {
			case <-r.sup.halted():
				return
			default:
				r.out <- "order"
			}
		}
	})
}

func consumeclerk(in <-chan string, s *shop) {
	for {
		select {
		case v := <-in:
			fmt.Println(v)

		case <-s.halted():
			return
		}
	}
}

// Serve shuts down a shop it was handed.
func Serve(s *shop) {
	c := newclerk(s).(*clerk)
	s.run(func() { consumeclerk(c.out, s) })
	s.shutdown()
}

// team runs drummers until it is halted; halting first waits for the running jobs to end.
type team struct {
	halt chan struct{}
	mu   sync.Mutex
	idle *sync.Cond
	jobs int
	wg   sync.WaitGroup
}

func newteam() *team {
	s := &team{halt: make(chan struct{})}
	s.idle = sync.NewCond(&s.mu)
	return s
}

func (s *team) run(f func()) {
	s.wg.Add(1)
	go func() { // ok: the halt comes only once every worker is done
		defer s.wg.Done()
		f()
	}()
}

func (s *team) halted() <-chan struct{} {
	if s == nil {
		return nil
	}
	return s.halt
}

// finish ends a job and wakes whoever waits for the jobs to drain.
func (s *team) finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs--
	s.idle.Broadcast()
}

func (s *team) drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.jobs > 0 {
		s.idle.Wait()
	}
}

func (s *team) shutdown() {
	s.wg.Wait()
	close(s.halt)
}

// drummer produces beats for as long as its supervisor runs.
type drummer struct {
	out chan string
	sup *team
}

func (r *drummer) Close() error { return nil }

func newdrummer(s *team) io.Closer {
	r := &drummer{out: make(chan string), sup: s}
	r.start()
	return r
}

func (r *drummer) start() {
	r.sup.run(func() {
		for {
			select {
			case <-r.sup.halted():
				return
			default:
				r.out <- "beat"
			}
		}
	})
}

func consumedrummer(in <-chan string, s *team) {
	for {
		select {
		case v := <-in:
			fmt.Println(v)

		case <-s.halted():
			return
		}
	}
}

// Drum waits for every worker before halting.
func Drum() {
	s := newteam()
	d := newdrummer(s).(*drummer)
	s.run(func() { consumedrummer(d.out, s) })
	s.shutdown()
}
