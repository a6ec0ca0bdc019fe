// Package pipeline has small generic building blocks for channel pipelines.
package pipeline

// Source streams items on a new channel and closes it when done.
func Source[T any](items []T) <-chan T {
	out := make(chan T)
	go func() {
		defer close(out)
		for _, it := range items {
			out <- it
		}
	}()
	return out
}

// Map applies fn to every value of in on its own goroutine and streams the
// results. The returned channel is closed after in is closed and drained.
func Map[In, Out any](in <-chan In, fn func(In) Out) <-chan Out {
	out := make(chan Out)
	go func() {
		defer close(out)
		for v := range in {
			out <- fn(v)
		}
	}()
	return out
}
