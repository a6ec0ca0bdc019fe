package gs1003

import (
	"context"
	"errors"
	"log"
	"time"
)

// poller refreshes until its context is cancelled; stopPoll cancels it.
type poller struct {
	pctx     context.Context
	stopPoll context.CancelFunc
	target   string
}

func (p *poller) loop() {
	for {
		select {
		case <-p.pctx.Done():
			return
		case <-time.After(time.Second):
			p.refresh()
		}
	}
}

func (p *poller) refresh() { log.Println("refresh", p.target) }

func (p *poller) check() error {
	if p.target == "" {
		return errors.New("no target")
	}
	return nil
}

// Close stops the poller.
func (p *poller) Close() { p.stopPoll() }

// startPoller drops the poller, and its only cancel, when the check fails.
func startPoller(target string) (*poller, error) {
	ctx, cancel := context.WithCancel(context.Background())
	p := &poller{pctx: ctx, stopPoll: cancel, target: target}
	go p.loop() // want `GS2003: goroutine blocks forever in a select when startPoller returns without cancelling "ctx"`
	if err := p.check(); err != nil {
		return nil, err
	}
	return p, nil
}

// startPollerClosed closes the poller before dropping it.
func startPollerClosed(target string) (*poller, error) {
	ctx, cancel := context.WithCancel(context.Background())
	p := &poller{pctx: ctx, stopPoll: cancel, target: target}
	go p.loop() // ok: the error path closes it
	if err := p.check(); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// startPollerChecked checks before starting the loop.
func startPollerChecked(target string) (*poller, error) {
	ctx, cancel := context.WithCancel(context.Background())
	p := &poller{pctx: ctx, stopPoll: cancel, target: target}
	if err := p.check(); err != nil {
		p.Close()
		return nil, err
	}
	go p.loop() // ok: whoever gets p can close it
	return p, nil
}

// Pollers runs the samples.
func Pollers(target string) {
	for _, start := range []func(string) (*poller, error){startPoller, startPollerClosed, startPollerChecked} {
		if p, err := start(target); err == nil {
			p.Close()
		}
	}
}
