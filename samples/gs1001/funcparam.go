package gs1001

import (
	"context"
	"sync"
)

// group runs work in goroutines it can wait for.
type group struct{ wg sync.WaitGroup }

// Go runs f in a goroutine of the group: the goroutine does what f does.
func (g *group) Go(f func()) {
	g.wg.Add(1)
	go func() { // want `GS1001: goroutine blocks forever sending on "answer" when Ask returns`
		defer g.wg.Done()
		f()
	}()
}

// Wait waits for every goroutine of the group.
func (g *group) Wait() { g.wg.Wait() }

// Ask gives up on cancellation: the literal the group runs still sends its answer.
func Ask(ctx context.Context, g *group, q string) string {
	answer := make(chan string)
	g.Go(func() { answer <- lookup(q) })
	select {
	case a := <-answer:
		return a
	case <-ctx.Done():
		return ""
	}
}

// AskBuffered leaves room for the answer: the same helper, another call site.
func AskBuffered(ctx context.Context, g *group, q string) string {
	reply := make(chan string, 1)
	g.Go(func() { reply <- lookup(q) }) // ok: the buffer takes the one answer
	select {
	case a := <-reply:
		return a
	case <-ctx.Done():
		return ""
	}
}

// AskAndWait always receives the answer.
func AskAndWait(g *group, q string) string {
	result := make(chan string)
	g.Go(func() { result <- lookup(q) }) // ok: received on every path
	return <-result
}

func lookup(q string) string { return q + "!" }

// maybeGo runs f in a goroutine, or right here when async is false.
func maybeGo(async bool, f func()) {
	if async {
		go f()
		return
	}
	f()
}

// guarded runs f in a goroutine only while the context is live.
func guarded(ctx context.Context, f func()) {
	go func() {
		if ctx.Err() == nil {
			f()
		}
	}()
}

// AskGuarded's literal may never run at all: whether it sends is not known.
func AskGuarded(ctx context.Context, q string) string {
	out := make(chan string)
	guarded(ctx, func() { out <- lookup(q) }) // ok: the goroutine may skip f
	select {
	case a := <-out:
		return a
	case <-ctx.Done():
		return ""
	}
}

// AskMaybe hands its literal to maybeGo, which may run it right here, synchronously.
func AskMaybe(ctx context.Context, q string) string {
	out := make(chan string)
	maybeGo(true, func() { out <- lookup(q) }) // ok: maybeGo also calls f synchronously
	select {
	case a := <-out:
		return a
	case <-ctx.Done():
		return ""
	}
}

// after runs f in a goroutine and closes the returned channel when it is done.
func after(f func()) <-chan struct{} {
	done := make(chan struct{})
	go func() { // want `GS1001: goroutine blocks forever sending on "errs" when Check returns`
		defer close(done)
		f()
	}()
	return done
}

// Check waits for the check to finish or the context, whichever comes first.
func Check(ctx context.Context, check func() error) error {
	errs := make(chan error)
	finished := after(func() { errs <- check() })
	select {
	case err := <-errs:
		<-finished
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// whenDone runs f, if there is one, in a goroutine and closes the returned channel after.
func whenDone(f func()) <-chan struct{} {
	done := make(chan struct{})
	go func() { // want `GS1001: goroutine blocks forever sending on "status" when HealthCheck returns`
		defer close(done)
		if f != nil {
			f()
		}
	}()
	return done
}

// HealthCheck passes a function, so the nil check passes: the literal's send strands on timeout.
func HealthCheck(ctx context.Context, probe func() int) int {
	status := make(chan int)
	whenDone(func() { status <- probe() })
	select {
	case s := <-status:
		return s
	case <-ctx.Done():
		return -1
	}
}
