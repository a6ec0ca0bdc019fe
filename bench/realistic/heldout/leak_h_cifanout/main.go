// CI matrix runner that fans test jobs out over goroutines and streams results to the pipeline summary. Leak: the WaitGroup is sized for every job up front, but jobs skipped by their branch filter never start a goroutine, so the closer goroutine blocks in Wait forever.
package main

import (
	"fmt"
	"path"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type Job struct {
	Name     string
	GoOS     string
	Branches []string // glob patterns; empty means every branch
}

type JobResult struct {
	Job    string
	Status string
	Took   time.Duration
}

func (j Job) matches(branch string) bool {
	if len(j.Branches) == 0 {
		return true
	}
	for _, pat := range j.Branches {
		if ok, _ := path.Match(pat, branch); ok {
			return true
		}
	}
	return false
}

type Matrix struct {
	Branch string
	Jobs   []Job
}

func runJob(j Job) JobResult {
	start := time.Now()
	time.Sleep(3 * time.Millisecond)
	return JobResult{Job: j.Name, Status: "passed", Took: time.Since(start)}
}

// Run starts every job that applies to the branch and returns a channel that
// is closed once all of them have reported.
func (m Matrix) Run() <-chan JobResult {
	results := make(chan JobResult, len(m.Jobs))
	var wg sync.WaitGroup
	wg.Add(len(m.Jobs))
	for _, j := range m.Jobs {
		if !j.matches(m.Branch) {
			results <- JobResult{Job: j.Name, Status: "skipped"}
			continue
		}
		go func() {
			defer wg.Done()
			results <- runJob(j)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}

func main() {
	m := Matrix{Branch: "feature/retry-budget", Jobs: []Job{
		{Name: "test-linux", GoOS: "linux"},
		{Name: "test-darwin", GoOS: "darwin"},
		{Name: "release-artifacts", GoOS: "linux", Branches: []string{"main", "release/*"}},
		{Name: "race", GoOS: "linux"},
	}}

	results := m.Run()
	timeout := time.After(150 * time.Millisecond)
	summary := map[string]int{}
collect:
	for {
		select {
		case r, ok := <-results:
			if !ok {
				break collect
			}
			summary[r.Status]++
		case <-timeout:
			fmt.Println("pipeline: job results did not complete before the timeout")
			break collect
		}
	}
	fmt.Printf("passed=%d skipped=%d\n", summary["passed"], summary["skipped"])

	leakprobe.Done()
}
