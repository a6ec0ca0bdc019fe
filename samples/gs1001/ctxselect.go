package gs1001

import (
	"context"
	"time"
)

// A starter's select case on ctx.Done() is a way out only if something can cancel the
// context: otherwise the starter always takes one of the other cases.

func compute() int { return 42 }

// firstResult waits on a context nothing can cancel: it always receives the result.
func firstResult() int {
	ctx := context.Background()
	res := make(chan int)
	go func() { res <- compute() }() // ok: the ctx.Done() case can never be chosen
	select {
	case v := <-res:
		return v
	case <-ctx.Done():
		return 0
	}
}

// firstResultTimeout can give up before the result comes.
func firstResultTimeout() int {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	res := make(chan int)
	go func() { res <- compute() }() // want `GS1001: .*"res"`
	select {
	case v := <-res:
		return v
	case <-ctx.Done():
		return 0
	}
}

// FirstResults runs both.
func FirstResults() int { return firstResult() + firstResultTimeout() }
