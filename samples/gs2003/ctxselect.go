package gs2003

import (
	"context"
	"log"
)

// awaitEither waits for a result, a stop signal or a context nothing can cancel.
func awaitEither() {
	ctx := context.WithValue(context.Background(), ctxKey{}, "job")
	res, stop := make(chan int), make(chan int)
	go func() { // want `GS2003: goroutine blocks forever in a select: no one sends on "res" or "stop" or closes them`
		select {
		case v := <-res:
			log.Println("result", v)
		case <-stop:
		case <-ctx.Done():
		}
	}()
}

type ctxKey struct{}

// AwaitAll waits once.
func AwaitAll() { awaitEither() }

// AwaitCaller's context comes from its caller, who may cancel it.
func AwaitCaller(ctx context.Context) {
	res := make(chan int)
	go func() { // ok: the caller may cancel ctx
		select {
		case v := <-res:
			log.Println("result", v)
		case <-ctx.Done():
		}
	}()
}

// awaitCancelled cancels the context on its way out.
func awaitCancelled() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res := make(chan int)
	go func() { // ok: the deferred cancel ends the select
		select {
		case v := <-res:
			log.Println("result", v)
		case <-ctx.Done():
		}
	}()
}

// AwaitLooks runs the look-alike.
func AwaitLooks() { awaitCancelled() }
