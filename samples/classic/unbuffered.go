package classic

import (
	"context"
	"errors"
	"time"
)

// Record is a row returned by a search backend.
type Record struct {
	ID    string
	Score float64
}

// searchBackend stands for a slow call to another service.
func searchBackend(term string) ([]Record, error) {
	if term == "" {
		return nil, errors.New("empty search term")
	}
	time.Sleep(50 * time.Millisecond)
	return []Record{{ID: term, Score: 1}}, nil
}

type searchResult struct {
	records []Record
	err     error
}

// SearchWithTimeout gives up after the timeout; the goroutine's write then has no reader.
func SearchWithTimeout(term string, timeout time.Duration) ([]Record, error) {
	ch := make(chan searchResult)
	go func() { // want "GS1001"
		records, err := searchBackend(term)
		ch <- searchResult{records, err}
	}()
	select {
	case r := <-ch:
		return r.records, r.err
	case <-time.After(timeout):
		return nil, errors.New("search timed out")
	}
}

// SearchWithContext gives up when the request is cancelled; the same write is stranded.
func SearchWithContext(ctx context.Context, term string) ([]Record, error) {
	ch := make(chan searchResult)
	go func() { // want "GS1001"
		records, err := searchBackend(term)
		ch <- searchResult{records, err}
	}()
	select {
	case r := <-ch:
		return r.records, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Profile is a user's settings.
type Profile struct{ Name string }

func loadProfile(id string) (Profile, error) {
	if id == "" {
		return Profile{}, errors.New("no id")
	}
	return Profile{Name: id}, nil
}

func checkQuota(id string) error {
	if len(id) > 64 {
		return errors.New("quota exceeded")
	}
	return nil
}

// LoadProfile starts the load early, then returns on a quota error before reading it.
func LoadProfile(id string) (Profile, error) {
	ch := make(chan Profile)
	go func() { // want "GS1001"
		p, _ := loadProfile(id)
		ch <- p
	}()
	if err := checkQuota(id); err != nil {
		return Profile{}, err
	}
	return <-ch, nil
}

// SearchBuffered leaves room for the one result, so the write completes after a timeout.
func SearchBuffered(term string, timeout time.Duration) ([]Record, error) {
	ch := make(chan searchResult, 1)
	go func() { // ok: a buffer of 1 takes the only write even when no one reads it
		records, err := searchBackend(term)
		ch <- searchResult{records, err}
	}()
	select {
	case r := <-ch:
		return r.records, r.err
	case <-time.After(timeout):
		return nil, errors.New("search timed out")
	}
}

// SearchSenderSelects lets the writer give up together with the reader.
func SearchSenderSelects(ctx context.Context, term string) ([]Record, error) {
	ch := make(chan searchResult)
	go func() { // ok: the write is in a select with ctx.Done, so it ends when ctx does
		records, err := searchBackend(term)
		select {
		case ch <- searchResult{records, err}:
		case <-ctx.Done():
		}
	}()
	select {
	case r := <-ch:
		return r.records, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// LoadProfileChecked checks the quota before starting the goroutine, then always reads.
func LoadProfileChecked(id string) (Profile, error) {
	if err := checkQuota(id); err != nil {
		return Profile{}, err
	}
	ch := make(chan Profile)
	go func() { // ok: every path after the go statement reads from ch
		p, _ := loadProfile(id)
		ch <- p
	}()
	return <-ch, nil
}
