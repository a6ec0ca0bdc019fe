// Response encoder sharing a bounded buffer pool: Acquire unlocks on every return, so an exhausted pool only drops the request.
package main

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

func encode(pool *BufferPool, reqID int, payload string) error {
	buf, err := pool.Acquire()
	if err != nil {
		return fmt.Errorf("request %d: %w", reqID, err)
	}
	defer pool.Release(buf)
	buf.Data = append(buf.Data, payload...)
	time.Sleep(80 * time.Millisecond)
	return nil
}

func serve(pool *BufferPool, payloads []string) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(payloads))
	for i, p := range payloads {
		wg.Add(1)
		go func(id int, p string) {
			defer wg.Done()
			if err := encode(pool, id, p); err != nil {
				errs <- err
			}
		}(i, p)
		time.Sleep(15 * time.Millisecond)
	}
	finished := make(chan struct{})
	go func() {
		wg.Wait()
		close(finished)
	}()
	select {
	case <-finished:
	case <-time.After(300 * time.Millisecond):
		return errors.New("serve: encoders did not finish")
	}
	close(errs)
	for err := range errs {
		fmt.Println("dropped:", err)
	}
	return nil
}

func run() {
	pool := &BufferPool{Max: 2}
	if err := serve(pool, []string{`{"id":1}`, `{"id":2}`, `{"id":3}`, `{"id":4}`}); err != nil {
		fmt.Println(err)
	}
}

func main() {
	run()
	leakprobe.Done()
}
