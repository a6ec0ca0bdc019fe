package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// job is one map-reduce run. A status goroutine records its phase changes
// until the job's context is cancelled.
type job struct {
	name   string
	ctx    context.Context
	cancel context.CancelFunc
	phases chan string

	mu      sync.Mutex
	history []string
}

func startJob(parent context.Context, name string) *job {
	ctx, cancel := context.WithCancel(parent)
	j := &job{
		name:   name,
		ctx:    ctx,
		cancel: cancel,
		phases: make(chan string, 4),
	}
	go j.trackStatus()
	return j
}

func (j *job) trackStatus() {
	for {
		select {
		case p := <-j.phases:
			j.mu.Lock()
			j.history = append(j.history, fmt.Sprintf("%s@%s", p, time.Now().Format("15:04:05.000")))
			j.mu.Unlock()
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

// finish marks the job done and releases its context.
func (j *job) finish() {
	j.phase("done")
	j.cancel()
}

// fail records the error as the job's last phase and releases its context.
func (j *job) fail(err error) {
	j.phase("failed: " + err.Error())
	j.cancel()
}

// mapPhase counts words per document concurrently.
func (j *job) mapPhase(docs []string) ([]map[string]int, error) {
	j.phase("map")
	parts := make([]map[string]int, len(docs))
	errs := make([]error, len(docs))
	var wg sync.WaitGroup
	for i, d := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !utf8.ValidString(d) {
				errs[i] = fmt.Errorf("doc %d: invalid UTF-8", i)
				return
			}
			m := make(map[string]int)
			for _, w := range strings.Fields(strings.ToLower(d)) {
				m[strings.Trim(w, ".,;:!?")]++
			}
			parts[i] = m
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return parts, nil
}

func (j *job) reducePhase(parts []map[string]int) map[string]int {
	j.phase("reduce")
	total := make(map[string]int)
	for _, p := range parts {
		for w, n := range p {
			total[w] += n
		}
	}
	return total
}
