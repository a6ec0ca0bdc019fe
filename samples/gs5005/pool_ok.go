package gs5005

import "sync"

// drainPool is a workerPool whose close wakes every worker.
type drainPool struct {
	mu     sync.Mutex
	cond   *sync.Cond
	tasks  []func()
	closed bool
}

func newDrainPool(n int) *drainPool {
	p := &drainPool{}
	p.cond = sync.NewCond(&p.mu)
	for i := 0; i < n; i++ {
		go p.work() // ok: close broadcasts after setting closed
	}
	return p
}

func (p *drainPool) work() {
	for {
		p.mu.Lock()
		for len(p.tasks) == 0 && !p.closed {
			p.cond.Wait()
		}
		if p.closed {
			p.mu.Unlock()
			return
		}
		t := p.tasks[0]
		p.tasks = p.tasks[1:]
		p.mu.Unlock()
		t()
	}
}

func (p *drainPool) submit(t func()) {
	p.mu.Lock()
	p.tasks = append(p.tasks, t)
	p.mu.Unlock()
	p.cond.Signal()
}

func (p *drainPool) close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.cond.Broadcast()
}

func runDrained(jobs [3]func()) {
	p := newDrainPool(2)
	for _, j := range jobs {
		p.submit(j)
	}
	p.close()
}

// sharedPool hands its pool to code we cannot see: who else wakes it is unknown.
type sharedPool struct {
	mu     sync.Mutex
	cond   *sync.Cond
	closed bool
}

func newSharedPool() *sharedPool {
	p := &sharedPool{}
	p.cond = sync.NewCond(&p.mu)
	go p.work() // ok: the pool escapes to register, which may broadcast later
	return p
}

func (p *sharedPool) work() {
	p.mu.Lock()
	for !p.closed {
		p.cond.Wait()
	}
	p.mu.Unlock()
}

func (p *sharedPool) close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
}

func runShared(register func(*sharedPool)) {
	p := newSharedPool()
	register(p)
	p.close()
}

// stopPool stops its workers with a deferred call, after the work is submitted.
type stopPool struct {
	mu     sync.Mutex
	cond   *sync.Cond
	tasks  []func()
	closed bool
}

func (p *stopPool) work() {
	for {
		p.mu.Lock()
		for len(p.tasks) == 0 && !p.closed {
			p.cond.Wait()
		}
		if p.closed {
			p.mu.Unlock()
			return
		}
		t := p.tasks[0]
		p.tasks = p.tasks[1:]
		p.mu.Unlock()
		t()
	}
}

func (p *stopPool) stop() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.cond.Broadcast()
}

func runStopped(jobs [3]func()) {
	p := &stopPool{}
	p.cond = sync.NewCond(&p.mu)
	defer p.stop()
	for i := 0; i < 2; i++ {
		go p.work() // ok: the deferred stop broadcasts after the last task is submitted
	}
	for _, j := range jobs {
		p.mu.Lock()
		p.tasks = append(p.tasks, j)
		p.mu.Unlock()
		p.cond.Signal()
	}
}
