package gs1003

import "time"

// watchUntil calls its callback with the stop channel it was given, then polls until stop
// is closed.
func watchUntil(subscribe func(stop <-chan struct{}), stop <-chan struct{}) {
	subscribe(stop)
	for {
		select {
		case <-stop:
			return
		case <-time.After(time.Millisecond):
		}
	}
}

// Refresh waits for the stop channel its callback saw: that is its own, closed only by its
// deferred close, which runs after the wait.
func Refresh() {
	go func() { // want `GS1003: goroutine blocks forever receiving from "stop": only its own deferred close ends the wait`
		stop := make(chan struct{})
		defer close(stop)
		var seen <-chan struct{}
		watchUntil(func(s <-chan struct{}) { seen = s }, stop)
		<-seen
	}()
}

// Drain waits on a channel it closes itself only on the way out.
func Drain(items []int) {
	go func() { // want `GS1003: goroutine blocks forever receiving from "finished": only its own deferred close`
		finished := make(chan struct{})
		defer close(finished)
		for range items {
			time.Sleep(time.Millisecond)
		}
		<-finished
	}()
}

// DrainClosed closes first and then receives: the receive completes.
func DrainClosed(items []int) {
	go func() { // ok: the close comes before the receive
		finished := make(chan struct{})
		for range items {
			time.Sleep(time.Millisecond)
		}
		close(finished)
		<-finished
	}()
}

// DrainSignalled has a helper goroutine that signals: the deferred close is not the only
// partner.
func DrainSignalled(items []int) {
	go func() { // ok: the inner goroutine sends
		finished := make(chan struct{})
		defer close(finished)
		go func() {
			for range items {
				time.Sleep(time.Millisecond)
			}
			finished <- struct{}{}
		}()
		<-finished
	}()
}

// watchOther hands its callback a channel of its own, not the one it was given.
func watchOther(subscribe func(stop <-chan struct{}), _ <-chan struct{}) {
	tick := make(chan struct{})
	close(tick)
	subscribe(tick)
}

// RefreshOther's callback sees another channel: which one seen holds is not the goroutine's.
func RefreshOther() {
	go func() { // ok: seen is watchOther's closed channel, not stop
		stop := make(chan struct{})
		defer close(stop)
		var seen <-chan struct{}
		watchOther(func(s <-chan struct{}) { seen = s }, stop)
		<-seen
	}()
}

// RefreshRebound sets seen twice: to stop, and to a channel closed in time.
func RefreshRebound(ready chan struct{}) {
	go func() { // ok: seen may be ready, which others close
		stop := make(chan struct{})
		defer close(stop)
		var seen <-chan struct{}
		watchUntil(func(s <-chan struct{}) { seen = s }, stop)
		if ready != nil {
			seen = ready
		}
		<-seen
	}()
}
