// Package health runs dependency checks for a service's readiness endpoint.
package health

import (
	"context"
	"fmt"
	"time"
)

// Check probes one dependency.
type Check interface {
	Name() string
	Run(ctx context.Context) error
}

// CheckFunc adapts a function to the Check interface.
type CheckFunc struct {
	CheckName string
	Fn        func(ctx context.Context) error
}

func (c CheckFunc) Name() string                  { return c.CheckName }
func (c CheckFunc) Run(ctx context.Context) error { return c.Fn(ctx) }

// CheckError names the check that failed.
type CheckError struct {
	Check string
	Err   error
}

func (e *CheckError) Error() string { return fmt.Sprintf("check %s: %v", e.Check, e.Err) }
func (e *CheckError) Unwrap() error { return e.Err }

// Readiness runs every registered check concurrently.
type Readiness struct {
	checks  []Check
	timeout time.Duration
}

// NewReadiness returns a readiness probe with a per-check timeout.
func NewReadiness(timeout time.Duration, checks ...Check) *Readiness {
	return &Readiness{checks: checks, timeout: timeout}
}

// Ready reports nil when every check passes, or the first failure seen.
func (r *Readiness) Ready(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	errc := make(chan error)
	for _, c := range r.checks {
		go func() {
			err := r.run(ctx, c)
			select {
			case errc <- err:
			case <-ctx.Done():
			}
		}()
	}
	for range r.checks {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func (r *Readiness) run(ctx context.Context, c Check) error {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	if err := c.Run(ctx); err != nil {
		return &CheckError{Check: c.Name(), Err: err}
	}
	return nil
}
