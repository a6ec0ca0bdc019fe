package gs1002

import "context"

// pool hands work to a worker through a wake-up channel.
type pool struct {
	wake chan struct{}
	quit chan struct{}
}

// spawn runs f in its own goroutine.
func spawn(ctx context.Context, f func(context.Context)) {
	go func() {
		f(ctx)
	}()
}

// kick wakes the worker, then starts it: the worker is the only receiver of wake.
func (p *pool) kick(ctx context.Context) {
	p.wake <- struct{}{}
	spawn(ctx, func(ctx context.Context) {
		for {
			select {
			case <-p.quit:
				return
			case <-p.wake:
			}
		}
	})
}

// launch starts the worker without waking it first.
func (p *pool) launch(ctx context.Context) {
	spawn(ctx, func(ctx context.Context) {
		for {
			select {
			case <-p.quit:
				return
			case <-p.wake:
			}
		}
	})
	p.wake <- struct{}{}
}

// PrefillTwice wakes the pool before kick does: kick's own wake finds the one slot taken,
// and the worker that would empty it is started only after that send.
func PrefillTwice(ctx context.Context) {
	go func() { // want `GS1002: goroutine blocks forever sending on "p.wake": its buffer of 1 is full`
		p := &pool{wake: make(chan struct{}, 1), quit: make(chan struct{})}
		defer close(p.quit)
		p.wake <- struct{}{}
		p.kick(ctx)
	}()
}

// PrefillOnce lets kick fill the slot itself.
func PrefillOnce(ctx context.Context) {
	go func() { // ok: one send, one slot
		p := &pool{wake: make(chan struct{}, 1), quit: make(chan struct{})}
		defer close(p.quit)
		p.kick(ctx)
	}()
}

// PrefillRoomy leaves room for both wake-ups.
func PrefillRoomy(ctx context.Context) {
	go func() { // ok: two sends, two slots
		p := &pool{wake: make(chan struct{}, 2), quit: make(chan struct{})}
		defer close(p.quit)
		p.wake <- struct{}{}
		p.kick(ctx)
	}()
}

// PrefillLate starts the worker before the second wake-up: it can take one.
func PrefillLate(ctx context.Context) {
	go func() { // ok: the receiver exists before the send that would block
		p := &pool{wake: make(chan struct{}, 1), quit: make(chan struct{})}
		defer close(p.quit)
		p.wake <- struct{}{}
		p.launch(ctx)
	}()
}

// PrefillShared gives the pool to a watcher before filling it: someone else may receive.
func PrefillShared(ctx context.Context, watch func(*pool)) {
	go func() { // ok: the pool is handed to an unknown function first
		p := &pool{wake: make(chan struct{}, 1), quit: make(chan struct{})}
		defer close(p.quit)
		watch(p)
		p.wake <- struct{}{}
		p.kick(ctx)
	}()
}

// PrefillDrained takes its own wake-up back before kicking.
func PrefillDrained(ctx context.Context) {
	go func() { // ok: the goroutine empties the slot itself
		p := &pool{wake: make(chan struct{}, 1), quit: make(chan struct{})}
		defer close(p.quit)
		p.wake <- struct{}{}
		<-p.wake
		p.kick(ctx)
	}()
}

// PrefillMaybe fills the slot only sometimes.
func PrefillMaybe(ctx context.Context, eager bool) {
	go func() { // ok: a branch the walk does not follow
		p := &pool{wake: make(chan struct{}, 1), quit: make(chan struct{})}
		defer close(p.quit)
		if eager {
			p.wake <- struct{}{}
		}
		p.kick(ctx)
	}()
}
