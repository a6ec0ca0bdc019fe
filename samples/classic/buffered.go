package classic

import (
	"errors"
	"sync"
)

// Mirror is one copy of a dataset.
type Mirror struct{ Host string }

// Fetch reads the dataset from this mirror.
func (m Mirror) Fetch(key string) (string, error) {
	if m.Host == "" {
		return "", errors.New("no host")
	}
	return m.Host + "/" + key, nil
}

// FastestMirror asks every mirror and keeps the first answer: the buffer holds one more, and
// the other writers block once it is full.
func FastestMirror(key string, mirrors []Mirror) string {
	ch := make(chan string, 1)
	for _, m := range mirrors {
		go func() { // want "GS1002" "GS4002"
			v, _ := m.Fetch(key)
			ch <- v
		}()
	}
	return <-ch
}

// ThreeWayRace starts three fixed lookups with a buffer of one and reads once: the third
// writer finds the buffer full.
func ThreeWayRace(key string) string {
	out := make(chan string, 1)
	go func() { // want "GS1002"
		v, _ := Mirror{Host: "a"}.Fetch(key)
		out <- v
	}()
	go func() {
		v, _ := Mirror{Host: "b"}.Fetch(key)
		out <- v
	}()
	go func() {
		v, _ := Mirror{Host: "c"}.Fetch(key)
		out <- v
	}()
	return <-out
}

// ThreeWayRaceSized gives every writer a slot in the buffer.
func ThreeWayRaceSized(key string) string {
	out := make(chan string, 3)
	go func() { // ok: the buffer has room for all three writes
		v, _ := Mirror{Host: "a"}.Fetch(key)
		out <- v
	}()
	go func() { // ok: the buffer has room for all three writes
		v, _ := Mirror{Host: "b"}.Fetch(key)
		out <- v
	}()
	go func() { // ok: the buffer has room for all three writes
		v, _ := Mirror{Host: "c"}.Fetch(key)
		out <- v
	}()
	return <-out
}

// FetchEveryMirror reads every answer; a closer goroutine ends the range.
func FetchEveryMirror(key string, mirrors []Mirror) []string {
	ch := make(chan string)
	var wg sync.WaitGroup
	for _, m := range mirrors {
		wg.Add(1)
		go func() { // want "GS4002"
			// ok: no leak, every write is read by the range below (GS4002 is about the bound)
			defer wg.Done()
			v, _ := m.Fetch(key)
			ch <- v
		}()
	}
	go func() { // ok: closes ch once every writer is done
		wg.Wait()
		close(ch)
	}()
	var out []string
	for v := range ch {
		out = append(out, v)
	}
	return out
}
