package gs5001

import (
	"context"
	"strconv"
	"sync"
)

// firstBadPort checks every spec at once and returns the first error: the reader leaves
// early, the other senders block on their sends, and the closer waits for them forever.
func firstBadPort(specs []string) error {
	errs := make(chan error)
	var wg sync.WaitGroup
	for _, s := range specs {
		wg.Add(1)
		go func() { // want "GS1001: goroutine blocks forever sending on \"errs\"" "GS4002"
			defer wg.Done()
			_, err := strconv.Atoi(s)
			errs <- err
		}()
	}
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait\(\)": the goroutines it waits for block sending on "errs"`
		wg.Wait()
		close(errs)
	}()
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// allPorts reads every result: the closer's close ends the range.
func allPorts(specs []string) []error {
	errs := make(chan error)
	var wg sync.WaitGroup
	for _, s := range specs {
		wg.Add(1)
		go func() { // want "GS4002"
			defer wg.Done()
			_, err := strconv.Atoi(s)
			errs <- err
		}()
	}
	go func() { // ok: the reader takes every value, so Wait returns
		wg.Wait()
		close(errs)
	}()
	var out []error
	for err := range errs {
		out = append(out, err)
	}
	return out
}

// firstBadPortBuffered gives every sender a slot: the early return strands nobody.
func firstBadPortBuffered(specs []string) error {
	errs := make(chan error, len(specs))
	var wg sync.WaitGroup
	for _, s := range specs {
		wg.Add(1)
		go func() { // want "GS4002"
			defer wg.Done()
			_, err := strconv.Atoi(s)
			errs <- err
		}()
	}
	go func() { // ok: every send completes, every Done runs
		wg.Wait()
		close(errs)
	}()
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// firstBadPortCancel lets the senders give up when the reader has left.
func firstBadPortCancel(specs []string) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errs := make(chan error)
	var wg sync.WaitGroup
	for _, s := range specs {
		wg.Add(1)
		go func() { // want "GS4002"
			defer wg.Done()
			_, err := strconv.Atoi(s)
			select {
			case errs <- err:
			case <-ctx.Done():
			}
		}()
	}
	go func() { // ok: the deferred cancel frees the senders, then Wait returns
		wg.Wait()
		close(errs)
	}()
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// collect reads until the closer closes out, or gives up when ctx is done: then the
// senders left block, and so does the closer.
func collect(ctx context.Context, hosts []string) ([]string, error) {
	out := make(chan string)
	var wg sync.WaitGroup
	for _, h := range hosts {
		wg.Add(1)
		go func() { // want "GS1001: goroutine blocks forever sending on \"out\"" "GS4002"
			defer wg.Done()
			out <- h + ":443"
		}()
	}
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait\(\)"`
		wg.Wait()
		close(out)
	}()
	var res []string
	for {
		select {
		case s, ok := <-out:
			if !ok {
				return res, nil
			}
			res = append(res, s)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// collectAll reads until the closer closes out.
func collectAll(hosts []string) []string {
	out := make(chan string)
	var wg sync.WaitGroup
	for _, h := range hosts {
		wg.Add(1)
		go func() { // want "GS4002"
			defer wg.Done()
			out <- h + ":443"
		}()
	}
	go func() { // ok: every value is received, so Wait returns and the close ends the loop
		wg.Wait()
		close(out)
	}()
	var res []string
	for {
		s, ok := <-out
		if !ok {
			return res
		}
		res = append(res, s)
	}
}

// Ports runs the samples.
func Ports(ctx context.Context, specs []string) ([]error, error, error, error) {
	_, _ = collect(ctx, specs)
	_ = collectAll(specs)
	return allPorts(specs), firstBadPort(specs), firstBadPortBuffered(specs), firstBadPortCancel(specs)
}
