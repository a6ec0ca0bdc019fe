package gs1001

import "errors"

// BuildAll joins the errors that arrive on src while the steps run. src comes from the
// caller, who closes it (or not) out of view: on an early return the collector may still be
// ranging over src, and a buffer on "joined" would not free it.
func BuildAll(src <-chan error, steps []func() error) error {
	joined := make(chan error)
	go func(in <-chan error, out chan<- error) { // want `GS1001: goroutine blocks forever sending on "joined" when BuildAll returns without receiving`
		var all []error
		for e := range in {
			all = append(all, e)
		}
		out <- errors.Join(all...)
	}(src, joined)
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return <-joined
}

// CheckAll closes the channel the collector ranges over itself, before it may return early:
// the collector always gets to its send, and a buffer of 1 frees it.
func CheckAll(steps []func() error, quick bool) error {
	errc := make(chan error)
	joined := make(chan error)
	go func(in <-chan error, out chan<- error) { // want `GS1001: goroutine blocks forever sending on "joined" when CheckAll returns without receiving`
		var all []error
		for e := range in {
			all = append(all, e)
		}
		out <- errors.Join(all...)
	}(errc, joined)
	for _, step := range steps {
		errc <- step()
	}
	close(errc)
	if quick {
		return nil
	}
	return <-joined
}
