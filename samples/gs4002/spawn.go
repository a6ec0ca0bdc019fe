// Package gs4002 holds samples for GS4002: one goroutine per element of caller-controlled
// input, with nothing bounding how many run at once.
package gs4002

import (
	"log"
	"net"
	"net/http"
	"sync"
)

func fetch(url string) {
	resp, err := http.Get(url)
	if err != nil {
		log.Println(err)
		return
	}
	_ = resp.Body.Close()
}

// FetchAll fetches every URL at once, however many there are.
func FetchAll(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() { // want `GS4002: unbounded goroutines: one is started for each element of "urls"`
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}

// Request is one unit of work from a queue.
type Request struct{ URL string }

// Dispatch starts a goroutine per request received, without bound.
func Dispatch(reqs <-chan Request) {
	for r := range reqs {
		go fetch(r.URL) // want `GS4002: .*each value received from "reqs"`
	}
}

// FetchBounded uses a buffered channel as a semaphore.
func FetchBounded(urls []string) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for _, u := range urls {
		sem <- struct{}{}
		wg.Add(1)
		go func() { // ok: at most 8 run at once
			defer wg.Done()
			defer func() { <-sem }()
			fetch(u)
		}()
	}
	wg.Wait()
}

// FetchPool runs a fixed number of workers.
func FetchPool(urls []string, workers int) {
	jobs := make(chan string)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() { // ok: a fixed pool, not one goroutine per element
			defer wg.Done()
			for u := range jobs {
				fetch(u)
			}
		}()
	}
	for _, u := range urls {
		jobs <- u
	}
	close(jobs)
	wg.Wait()
}

func serveConn(c net.Conn) { _ = c.Close() }

// Serve is the accept loop of a server: one goroutine per connection is the pattern.
func Serve(l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go serveConn(c) // ok: the server pattern, not a loop over caller input
	}
}

// Merge forwards every input channel to one output: a variadic parameter is a slice, so
// this is one goroutine per channel handed in (a hint), not one per value received.
func Merge(ins ...<-chan string) <-chan string {
	out := make(chan string)
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Add(1)
		go func() { // want `GS4002: .*each element of "ins"`
			defer wg.Done()
			for s := range in {
				out <- s
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
