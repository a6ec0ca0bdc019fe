package gs4003

import (
	"context"
	"errors"
	"fmt"
)

// job records its phases until its context is cancelled by finish.
type job struct {
	name   string
	ctx    context.Context
	stop   context.CancelFunc
	phases chan string
}

func startJob(parent context.Context, name string) *job {
	ctx, cancel := context.WithCancel(parent)
	j := &job{name: name, ctx: ctx, stop: cancel, phases: make(chan string, 4)}
	go j.track() // want `GS4003: goroutine runs until finish is called on the job that startJob returns; runJobs can return without calling it`
	return j
}

func (j *job) track() {
	for {
		select {
		case p := <-j.phases:
			fmt.Println(j.name, p)
		case <-j.ctx.Done():
			return
		}
	}
}

func (j *job) phase(p string) {
	select {
	case j.phases <- p:
	case <-j.ctx.Done():
	}
}

func (j *job) finish() {
	j.phase("done")
	j.stop()
}

// runJobs returns on the first bad name without finishing its job: nothing else can
// cancel a context made from context.Background().
func runJobs(names []string) error {
	for _, n := range names {
		j := startJob(context.Background(), n)
		if n == "" {
			return errors.New("empty job name")
		}
		j.finish()
	}
	return nil
}

// RunJobsFor makes each job from the caller's context: cancelling it ends the goroutine,
// so a job dropped here is the caller's to end.
func RunJobsFor(ctx context.Context, names []string) error {
	for _, n := range names {
		j := startJob(ctx, n)
		if n == "" {
			return errors.New("empty job name")
		}
		j.finish()
	}
	return nil
}

// RunAll runs every job.
func RunAll() error { return runJobs([]string{"a", "b"}) }
