// CI runner host with several executors pulling build jobs from a condition-variable queue. Leak: Close wakes waiters with Signal instead of Broadcast, so only one idle executor notices the shutdown and the rest wait in cond.Wait forever.
package main

import (
	"fmt"
	"time"

	"realistic/internal/leakprobe"
)

type Result struct {
	JobID    int
	Executor int
	Status   string
}

type Runner struct {
	queue   *JobQueue
	results chan Result
}

func (r *Runner) executor(id int) {
	for {
		job, ok := r.queue.Pop()
		if !ok {
			return
		}
		time.Sleep(2 * time.Millisecond) // docker run ...
		status := "success"
		if job.Script == "" {
			status = "failed: empty script"
		}
		r.results <- Result{JobID: job.ID, Executor: id, Status: status}
	}
}

func (r *Runner) Start(executors int) {
	for i := 1; i <= executors; i++ {
		go r.executor(i)
	}
}

func main() {
	jobs := []BuildJob{
		{ID: 1, Repo: "infra/terraform", Script: "terraform validate"},
		{ID: 2, Repo: "web/storefront", Script: "npm test"},
		{ID: 3, Repo: "web/storefront", Script: "npm run build"},
		{ID: 4, Repo: "svc/auth", Script: ""},
		{ID: 5, Repo: "svc/auth", Script: "go test ./..."},
	}
	r := &Runner{queue: NewJobQueue(), results: make(chan Result, len(jobs))}
	r.Start(3)
	for _, j := range jobs {
		r.queue.Push(j)
	}
	failed := 0
	for range jobs {
		if res := <-r.results; res.Status != "success" {
			failed++
			fmt.Printf("job %d on executor %d: %s\n", res.JobID, res.Executor, res.Status)
		}
	}
	fmt.Printf("%d job(s) done, %d failed\n", len(jobs), failed)

	time.Sleep(20 * time.Millisecond) // idle until the shutdown signal arrives
	r.queue.Close()

	leakprobe.Done()
}
