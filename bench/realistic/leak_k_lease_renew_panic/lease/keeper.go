package lease

import (
	"fmt"
	"time"
)

// Keeper renews a lease on a fixed period until stopped.
type Keeper struct {
	lease  *Lease
	period time.Duration
	stop   chan struct{}
	errs   chan error
}

// Keep starts renewing l every period.
func Keep(l *Lease, period time.Duration) *Keeper {
	k := &Keeper{lease: l, period: period, stop: make(chan struct{}), errs: make(chan error, 8)}
	go k.loop()
	return k
}

func (k *Keeper) renewOnce() {
	defer func() {
		if r := recover(); r != nil {
			select {
			case k.errs <- fmt.Errorf("renew %s: %v", k.lease.Key, r):
			default:
			}
		}
	}()
	k.lease.Renew(time.Now())
}

func (k *Keeper) loop() {
	for {
		k.renewOnce()
		select {
		case <-k.stop:
			return
		case <-time.After(k.period):
		}
	}
}

// Errors reports renewal failures.
func (k *Keeper) Errors() <-chan error {
	return k.errs
}

// Stop ends renewal.
func (k *Keeper) Stop() {
	close(k.stop)
}
