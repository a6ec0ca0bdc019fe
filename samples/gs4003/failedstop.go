package gs4003

import (
	"errors"
	"fmt"
	"time"
)

var errAlreadyStopped = errors.New("already stopped")

// shipper ships what it buffers on every tick until quit is closed.
type shipper struct {
	shutdown chan struct{}
	buf      []string
	stopped  bool
	send     func([]string) error
}

func (s *shipper) Start() {
	go s.loop() // want `GS4003: goroutine runs until shutdown of its shipper is closed; Stop closes it, but can return an error first`
}

func (s *shipper) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			_ = s.flush()
		case <-s.shutdown:
			return
		}
	}
}

func (s *shipper) flush() error {
	if len(s.buf) == 0 {
		return nil
	}
	err := s.send(s.buf)
	s.buf = nil
	return err
}

// Stop gives up on a failed final flush before it closes shutdown.
func (s *shipper) Stop() error {
	if err := s.flush(); err != nil {
		return fmt.Errorf("final flush: %w", err)
	}
	close(s.shutdown)
	return nil
}

// spooler is the same loop with a Stop that always closes quit.
type spooler struct {
	finish  chan struct{}
	buf     []string
	stopped bool
	send    func([]string) error
}

func (s *spooler) Start() {
	go s.loop() // ok: Stop reports an error only when it stopped the loop already, or after closing finish
}

func (s *spooler) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			_ = s.flush()
		case <-s.finish:
			return
		}
	}
}

func (s *spooler) flush() error {
	err := s.send(s.buf)
	s.buf = nil
	return err
}

func (s *spooler) Stop() error {
	if s.stopped {
		return errAlreadyStopped
	}
	s.stopped = true
	close(s.finish)
	if err := s.flush(); err != nil {
		return fmt.Errorf("final flush: %w", err)
	}
	return nil
}

var errNotLeader = errors.New("not the leader")

// elector renews its lease until resigned; renew clears leader when a renewal fails.
type elector struct {
	leader  bool
	resign  chan struct{}
	renewed int
}

func (e *elector) campaign() {
	e.leader = true
	e.resign = make(chan struct{})
	resign := e.resign
	go e.renew(resign) // want `GS4003: goroutine runs until resign of its elector is closed; Resign closes it, but can return an error first`
}

func (e *elector) renew(resign <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			e.renewed++
			e.leader = e.renewed%7 != 0
		case <-resign:
			return
		}
	}
}

// Resign stops renewing only while it believes it leads, a flag renew clears too.
func (e *elector) Resign() error {
	if !e.leader {
		return errNotLeader
	}
	e.leader = false
	close(e.resign)
	return nil
}
