package main

import "sync"

// BuildJob is one unit of work for a CI executor.
type BuildJob struct {
	ID     int
	Repo   string
	Script string
}

// JobQueue is a FIFO shared by all executors of a runner host.
type JobQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	jobs   []BuildJob
	closed bool
}

func NewJobQueue() *JobQueue {
	q := &JobQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *JobQueue) Push(j BuildJob) {
	q.mu.Lock()
	q.jobs = append(q.jobs, j)
	q.mu.Unlock()
	q.cond.Signal()
}

// Pop waits for a job. It returns false once the queue is closed and empty.
func (q *JobQueue) Pop() (BuildJob, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.jobs) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.jobs) == 0 {
		return BuildJob{}, false
	}
	j := q.jobs[0]
	q.jobs = q.jobs[1:]
	return j, true
}

// Close stops handing out work; executors exit once the queue is empty.
func (q *JobQueue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Signal()
}
