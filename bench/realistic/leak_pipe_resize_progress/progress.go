package main

import (
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

// progress prints "done/total" to w every interval while work is running.
type progress struct {
	total int64
	done  atomic.Int64
	w     io.Writer
	quit  chan struct{}
}

func startProgress(total int, interval time.Duration, w io.Writer) *progress {
	p := &progress{total: int64(total), w: w, quit: make(chan struct{})}
	go p.report(interval)
	return p
}

func (p *progress) Inc() { p.done.Add(1) }

// Stop ends the reporter and prints the final count.
func (p *progress) Stop() {
	close(p.quit)
	fmt.Fprintf(p.w, "\r%d/%d done\n", p.done.Load(), p.total)
}

func (p *progress) report(interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	last := int64(-1)
	for {
		select {
		case <-t.C:
			if n := p.done.Load(); n != last {
				fmt.Fprintf(p.w, "\r%d/%d", n, p.total)
				last = n
			}
		case <-p.quit:
			return
		}
	}
}
