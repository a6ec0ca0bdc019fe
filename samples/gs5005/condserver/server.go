package condserver

type job struct{ id int }

// Server runs jobs on workers fed by a queue it keeps in a field.
type Server struct {
	queue   *Queue[job]
	workers int
	handle  func(job)
}

// NewServer makes a server with n workers.
func NewServer(n int, handle func(job)) *Server {
	return &Server{queue: NewQueue[job](), workers: n, handle: handle}
}

func (s *Server) worker() {
	for {
		j, ok := s.queue.Pop()
		if !ok {
			return
		}
		s.handle(j)
	}
}

// Start starts the workers.
func (s *Server) Start() {
	for i := 0; i < s.workers; i++ {
		go s.worker() // want `GS5005: goroutine can block forever in "q.cond.Wait": one goroutine per round of a loop wait on it, and after Close, called by Serve, sets "q.closed" it is signalled only once`
	}
}

// Submit queues a job.
func (s *Server) Submit(j job) { s.queue.Push(j) }

// Stop closes the queue: one worker leaves, the others stay parked.
func (s *Server) Stop() { s.queue.Close() }

// Serve runs one batch of jobs on a fresh server.
func Serve(jobs []job, handle func(job)) {
	s := NewServer(4, handle)
	s.Start()
	for _, j := range jobs {
		s.Submit(j)
	}
	s.Stop()
}

// Pool is Server on a queue whose Close wakes every worker.
type Pool struct {
	queue   *Drain[job]
	workers int
	handle  func(job)
}

// NewPool makes a pool with n workers.
func NewPool(n int, handle func(job)) *Pool {
	return &Pool{queue: NewDrain[job](), workers: n, handle: handle}
}

func (p *Pool) worker() {
	for {
		j, ok := p.queue.Pop()
		if !ok {
			return
		}
		p.handle(j)
	}
}

// Start starts the workers.
func (p *Pool) Start() {
	for i := 0; i < p.workers; i++ {
		go p.worker() // ok: Stop wakes every worker
	}
}

// Submit queues a job.
func (p *Pool) Submit(j job) { p.queue.Push(j) }

// Stop closes the queue and wakes every worker.
func (p *Pool) Stop() { p.queue.Close() }

// ServePool runs one batch of jobs on a fresh pool.
func ServePool(jobs []job, handle func(job)) {
	p := NewPool(4, handle)
	p.Start()
	for _, j := range jobs {
		p.Submit(j)
	}
	p.Stop()
}
