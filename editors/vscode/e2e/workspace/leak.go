package main

import (
	"context"
	"time"
)

// fetch asks a worker for a value and gives up when ctx ends first. On that path nobody
// receives from ch, so the worker blocks on its send forever: the goroutine leaks.
func fetch(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute()
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func compute() int {
	time.Sleep(20 * time.Millisecond)
	return 42
}
