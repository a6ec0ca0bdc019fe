// PDF export service rendering reports on a bounded pool of headless-browser sessions. Leak: the pool's Close never wakes goroutines blocked in Acquire (and Release after Close destroys without signalling), so exports queued for a session at shutdown wait in cond.Wait forever.
package main

import (
	"fmt"
	"log"
	"sync/atomic"
	"time"

	"realistic/internal/leakprobe"
	"realistic/leak_sys_pool_close_waiters/objpool"
)

type browserSession struct {
	id  int64
	pid int
}

type exportResult struct {
	report string
	pages  int
	err    error
}

type exporter struct {
	sessions *objpool.Pool[*browserSession]
}

func (e *exporter) export(report string, pages int) exportResult {
	s, err := e.sessions.Acquire()
	if err != nil {
		return exportResult{report: report, err: fmt.Errorf("acquire browser: %w", err)}
	}
	defer e.sessions.Release(s)
	for p := 0; p < pages; p++ {
		time.Sleep(4 * time.Millisecond) // navigate, wait for charts, print page
	}
	return exportResult{report: report, pages: pages}
}

func main() {
	var ids atomic.Int64
	pool := objpool.New(2,
		func() (*browserSession, error) {
			id := ids.Add(1)
			return &browserSession{id: id, pid: 4000 + int(id)}, nil
		},
		func(s *browserSession) { log.Printf("browser session %d (pid %d) terminated", s.id, s.pid) },
	)
	e := &exporter{sessions: pool}

	jobs := []struct {
		report string
		pages  int
	}{
		{"q3-revenue", 10},
		{"q3-churn", 10},
		{"weekly-ops", 2},
		{"invoice-8812", 1},
	}
	results := make(chan exportResult, len(jobs))
	submit := func(from, to int, ready func(objpool.Stats) bool) {
		for _, j := range jobs[from:to] {
			go func() { results <- e.export(j.report, j.pages) }()
		}
		for !ready(pool.Stats()) {
			time.Sleep(time.Millisecond)
		}
	}
	// The quarterly reports come in first and take both sessions; the small ones queue behind them.
	submit(0, 2, func(s objpool.Stats) bool { return s.InUse == 2 })
	submit(2, 4, func(s objpool.Stats) bool { return s.Waiting == 2 })

	// SIGTERM arrives while the two big quarterly exports are rendering.
	st := pool.Stats()
	log.Printf("shutting down: closing browser pool (in use %d, waiting %d)", st.InUse, st.Waiting)
	pool.Close()

	deadline := time.After(120 * time.Millisecond)
	for done := 0; done < len(jobs); done++ {
		select {
		case r := <-results:
			if r.err != nil {
				fmt.Printf("export %s failed: %v\n", r.report, r.err)
				continue
			}
			fmt.Printf("export %s: %d pages\n", r.report, r.pages)
		case <-deadline:
			fmt.Printf("%d export(s) unfinished at exit\n", len(jobs)-done)
			done = len(jobs)
		}
	}

	leakprobe.Done()
}
