package classic

import (
	"errors"
	"log"
)

// Job is a unit of background work.
type Job struct{ Name string }

func runJob(j Job) error {
	if j.Name == "" {
		return errors.New("unnamed job")
	}
	return nil
}

// Submit queues the job's result for a reader that was never written.
func Submit(j Job) {
	results := make(chan error)
	go func() { // want "GS1002"
		results <- runJob(j)
	}()
	log.Println("submitted", j.Name)
}

// SubmitAndWait reads the result.
func SubmitAndWait(j Job) error {
	results := make(chan error)
	go func() { // ok: the caller reads the only write
		results <- runJob(j)
	}()
	return <-results
}
