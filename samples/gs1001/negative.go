package gs1001

import (
	"context"
	"errors"
	"net/http"
)

// FetchBuffered has room for the one result, so the sender never blocks.
func FetchBuffered(ctx context.Context, key string) (Result, error) {
	ch := make(chan Result, 1)
	go func() { // ok: a buffer of 1 lets the only send complete
		ch <- slowLookup(key)
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
}

// FetchCancellable's sender gives up too when ctx is done.
func FetchCancellable(ctx context.Context, key string) (Result, error) {
	ch := make(chan Result)
	go func() { // ok: the sender selects on ctx.Done
		select {
		case ch <- slowLookup(key):
		case <-ctx.Done():
		}
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
}

// FetchAlways receives on its only path.
func FetchAlways(key string) Result {
	ch := make(chan Result)
	go func() { // ok: received on every path
		ch <- slowLookup(key)
	}()
	return <-ch
}

// ValidateFirst returns early only before the goroutine starts.
func ValidateFirst(req *http.Request) error {
	if req.Method != http.MethodPost {
		return errors.New("method not allowed")
	}
	errc := make(chan error)
	go func() { // ok: the early return is before the go statement
		errc <- validateBody(req)
	}()
	return <-errc
}

// drain receives the one value its caller's goroutine sends.
func drain(ch <-chan Result) Result {
	return <-ch
}

// FetchViaHelper receives through a helper of the same package.
func FetchViaHelper(key string) Result {
	ch := make(chan Result)
	go lookupInto(key, ch) // ok: drain receives it on every path
	return drain(ch)
}

// Results are handed to code we cannot see: it may receive them.
var handoff = make(chan chan Result)

// FetchEscaping lets the channel escape: someone else may receive.
func FetchEscaping(ctx context.Context, key string) error {
	ch := make(chan Result)
	go func() { // ok: the channel escapes to handoff, so its receiver is unknown
		ch <- slowLookup(key)
	}()
	handoff <- ch
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return nil
}
