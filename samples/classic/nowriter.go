package classic

import (
	"errors"
	"log"
	"sync"
)

// Batch is a list of items to store.
type Batch struct{ Items []string }

func store(item string) error {
	if item == "" {
		return errors.New("empty item")
	}
	return nil
}

// StoreAll starts a reporter that waits for the done signal, but an error returns before
// done is closed: the read never gets a writer.
func StoreAll(b Batch) error {
	done := make(chan struct{})
	go func() { // want "GS1003"
		<-done
		log.Println("stored", len(b.Items), "items")
	}()
	for _, item := range b.Items {
		if err := store(item); err != nil {
			return err
		}
	}
	close(done)
	return nil
}

// Consume starts workers that range over jobs, which is never closed.
func Consume(names []string) {
	jobs := make(chan Job)
	for range 4 {
		go func() { // want "GS3001"
			for j := range jobs {
				_ = runJob(j)
			}
		}()
	}
	for _, n := range names {
		jobs <- Job{Name: n}
	}
}

// WaitForNil reads from a channel that was declared but never made.
func WaitForNil() {
	var ready chan struct{}
	go func() { // want "GS1004"
		<-ready
		log.Println("ready")
	}()
}

// StoreAllDeferred closes done on every path.
func StoreAllDeferred(b Batch) error {
	done := make(chan struct{})
	defer close(done)
	go func() { // ok: the deferred close ends the read on every return
		<-done
		log.Println("stored", len(b.Items), "items")
	}()
	for _, item := range b.Items {
		if err := store(item); err != nil {
			return err
		}
	}
	return nil
}

// ConsumeAndClose closes jobs when every job is handed out, and waits for the workers.
func ConsumeAndClose(names []string) {
	jobs := make(chan Job)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() { // ok: close(jobs) below ends every range
			defer wg.Done()
			for j := range jobs {
				_ = runJob(j)
			}
		}()
	}
	for _, n := range names {
		jobs <- Job{Name: n}
	}
	close(jobs)
	wg.Wait()
}
