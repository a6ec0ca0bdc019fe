// Background job scheduler with transient-failure retries. Leak: the retry copy built by nextAttempt has no done channel, so the worker that finishes the retried job blocks forever sending its result on a nil channel.
package main

import (
	"context"
	"fmt"
	"log"
	"sync/atomic"
	"time"

	"realistic/internal/leakprobe"
)

func main() {
	s := NewScheduler(2, 16, 3)

	var crmCalls atomic.Int32
	jobs := map[string]func(ctx context.Context) error{
		"invoice-email:4411": func(ctx context.Context) error {
			time.Sleep(3 * time.Millisecond)
			return nil
		},
		"crm-sync:acme": func(ctx context.Context) error {
			if crmCalls.Add(1) == 1 {
				return fmt.Errorf("crm api returned 503: %w", ErrTransient)
			}
			return nil
		},
		"search-reindex:products": func(ctx context.Context) error {
			time.Sleep(5 * time.Millisecond)
			return nil
		},
	}

	var handles []Handle
	for _, id := range []string{"invoice-email:4411", "crm-sync:acme", "search-reindex:products"} {
		h, err := s.Submit(id, jobs[id])
		if err != nil {
			log.Print(err)
			continue
		}
		handles = append(handles, h)
	}

	for _, h := range handles {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Millisecond)
		err := h.Wait(ctx)
		cancel()
		fmt.Printf("job %s: err=%v\n", h.ID, err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	if err := s.Shutdown(ctx); err != nil {
		log.Print(err)
	}
	cancel()
	fmt.Printf("completed=%d retried=%d\n", s.completed.Load(), s.retried.Load())

	leakprobe.Done()
}
