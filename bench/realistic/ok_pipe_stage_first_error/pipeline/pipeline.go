// Package pipeline has small generic building blocks for channel pipelines.
package pipeline

import "context"

// Source streams items on a new channel and closes it when done or when ctx
// is cancelled.
func Source[T any](ctx context.Context, items []T) <-chan T {
	out := make(chan T)
	go func() {
		defer close(out)
		for _, it := range items {
			select {
			case out <- it:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// Map applies fn to every value of in on its own goroutine and streams the
// results. The returned channel is closed after in is closed and drained, or
// as soon as ctx is cancelled.
func Map[In, Out any](ctx context.Context, in <-chan In, fn func(In) Out) <-chan Out {
	out := make(chan Out)
	go func() {
		defer close(out)
		for v := range in {
			select {
			case out <- fn(v):
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
