package gs1006

import (
	"context"
	"log"
	"time"
)

// Heartbeat logs when nothing was seen for a while; seen postpones the log.
func Heartbeat(ctx context.Context, every time.Duration, seen <-chan string) {
	go func() { // want `GS1006: goroutine can block forever draining timer "t": its value was already received`
		t := time.NewTimer(every)
		for {
			select {
			case <-t.C:
				log.Printf("no peer seen for %v", every)
			case who := <-seen:
				log.Printf("seen %s", who)
				if !t.Stop() {
					<-t.C
				}
				t.Reset(every)
			case <-ctx.Done():
				return
			}
		}
	}()
}

// Pausable stops its timer on pause and drains it again on resume: since Go 1.23 a
// stopped timer never delivers a value, so the second Stop's drain waits forever.
func Pausable(ctx context.Context, every time.Duration, pause, resume <-chan struct{}) {
	go func() { // want `GS1006: goroutine can block forever draining timer "t": its value was stopped`
		t := time.NewTimer(every)
		for {
			select {
			case now := <-t.C:
				log.Print(now)
				t.Reset(every)
			case <-pause:
				t.Stop()
			case <-resume:
				if !t.Stop() {
					<-t.C
				}
				t.Reset(every)
			case <-ctx.Done():
				return
			}
		}
	}()
}

// Watchdog runs its loop as a method; the timer is a field set before the start.
type Watchdog struct {
	limit time.Duration
	timer *time.Timer
	feed  chan struct{}
	quit  chan struct{}
}

// Run arms the watchdog and starts its loop.
func (w *Watchdog) Run() {
	w.timer = time.NewTimer(w.limit)
	go w.loop() // want `GS1006: goroutine can block forever draining timer "w.timer"`
}

func (w *Watchdog) loop() {
	for {
		select {
		case <-w.timer.C:
			log.Print("watchdog: starving")
		case <-w.feed:
			if !w.timer.Stop() {
				<-w.timer.C
			}
			w.timer.Reset(w.limit)
		case <-w.quit:
			return
		}
	}
}
