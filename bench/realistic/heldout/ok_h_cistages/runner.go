package main

import (
	"errors"
	"fmt"
	"time"
)

var errNoImage = errors.New("step has no image")

// Step is one stage of a CI pipeline.
type Step struct {
	Name    string
	Image   string
	Command string
}

// Pipeline is an ordered list of steps for one commit.
type Pipeline struct {
	Repo   string
	Commit string
	Steps  []Step
}

// StepResult reports how a step finished.
type StepResult struct {
	Step     string
	ExitCode int
	Took     time.Duration
	Err      error
}

// Runner executes pipelines step by step.
type Runner struct {
	Workdir string
}

// Run starts the pipeline and streams one result per step. The channel is
// closed once the pipeline is over.
func (r *Runner) Run(p Pipeline) <-chan StepResult {
	out := make(chan StepResult, len(p.Steps))
	go func() {
		defer close(out)
		for _, s := range p.Steps {
			if s.Image == "" {
				out <- StepResult{Step: s.Name, ExitCode: -1, Err: fmt.Errorf("%s: %w", s.Name, errNoImage)}
				return
			}
			res := r.exec(s)
			out <- res
			if res.ExitCode != 0 {
				break
			}
		}
	}()
	return out
}

func (r *Runner) exec(s Step) StepResult {
	start := time.Now()
	time.Sleep(2 * time.Millisecond) // container start + command
	code := 0
	if s.Command == "false" {
		code = 1
	}
	return StepResult{Step: s.Name, ExitCode: code, Took: time.Since(start)}
}
