package gs5005

import "sync"

// workerPool runs tasks on workers that wait for work on a Cond.
type workerPool struct {
	mu     sync.Mutex
	cond   *sync.Cond
	tasks  []func()
	closed bool
}

func newWorkerPool(n int) *workerPool {
	p := &workerPool{}
	p.cond = sync.NewCond(&p.mu)
	for i := 0; i < n; i++ {
		go p.work() // want `GS5005: goroutine can block forever in "p.cond.Wait": close, called by runJobs, sets "p.closed", which its wait loop tests, with no Signal or Broadcast after it`
	}
	return p
}

func (p *workerPool) work() {
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

func (p *workerPool) submit(t func()) {
	p.mu.Lock()
	p.tasks = append(p.tasks, t)
	p.mu.Unlock()
	p.cond.Signal()
}

// close marks the pool closed but wakes nobody: parked workers stay parked.
func (p *workerPool) close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
}

func runJobs(jobs [3]func()) {
	p := newWorkerPool(2)
	for _, j := range jobs {
		p.submit(j)
	}
	p.close()
}
