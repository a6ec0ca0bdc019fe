package gs4001

import (
	"context"
	"log"
	"sync/atomic"
	"time"
)

// copyKeys prints its progress every few seconds while it copies. Its one caller hands it a
// context nobody can cancel: it runs for the command's sake, not for a request's.
func copyKeys(ctx context.Context, keys []string) error {
	var total atomic.Int64
	// A hint only (low confidence, not shown by default): ctx is context.TODO() at the one
	// call, so it marks no request's lifetime that the goroutine could outlive.
	go func() { // want `GS4001`
		for {
			time.Sleep(30 * time.Second)
			log.Println("copied", total.Load())
		}
	}()
	for range keys {
		if err := ctx.Err(); err != nil {
			return err
		}
		total.Add(1)
	}
	return nil
}

// copyCommand is registered as a command's handler; the process exits when it returns.
func copyCommand(args []string) {
	log.Fatal(copyKeys(context.TODO(), args))
}

// copyKeysFor is copyKeys for a caller's context, which the caller may cancel: a request's.
func copyKeysFor(ctx context.Context, keys []string) error {
	var total atomic.Int64
	go func() { // want `GS4001: goroutine never exits: its loop has no return or break, and it is started on every call of copyKeysFor`
		for {
			time.Sleep(30 * time.Second)
			log.Println("copied", total.Load())
		}
	}()
	for range keys {
		if err := ctx.Err(); err != nil {
			return err
		}
		total.Add(1)
	}
	return nil
}

// CopyRequest serves one copy request.
func CopyRequest(ctx context.Context, keys []string) error {
	return copyKeysFor(ctx, keys)
}

var _ = copyCommand
