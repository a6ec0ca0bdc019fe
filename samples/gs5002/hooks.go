package gs5002

import "sync"

// lessor renews leases and calls its checkpointer while it holds its lock.
type lessor struct {
	mu sync.Mutex
	cp func()
}

func (le *lessor) checkpoint() {
	le.mu.Lock()
	defer le.mu.Unlock()
}

func (le *lessor) setCheckpointer(cp func()) {
	le.mu.Lock()
	defer le.mu.Unlock()
	le.cp = cp
}

func (le *lessor) renew() {
	le.mu.Lock()
	defer le.mu.Unlock()
	if le.cp != nil {
		le.cp()
	}
}

// Lease checkpoints through a hook that locks the very lessor renew holds.
func Lease() {
	go func() { // want `GS5002: goroutine deadlocks on itself: "le.mu" is locked again`
		le := &lessor{}
		le.setCheckpointer(func() { le.checkpoint() })
		le.renew()
	}()
}

// renter is a lessor whose hook locks another renter.
type renter struct {
	mu   sync.Mutex
	hook func()
}

func (r *renter) checkpoint() {
	r.mu.Lock()
	defer r.mu.Unlock()
}

func (r *renter) setHook(hook func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.hook = hook
}

func (r *renter) renew() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.hook != nil {
		r.hook()
	}
}

// Rent checkpoints another renter from the hook.
func Rent() {
	go func() { // ok: the hook locks another renter than the one renew holds
		r := &renter{}
		other := &renter{}
		r.setHook(func() { other.checkpoint() })
		r.renew()
	}()
}
