// Command quota serves requests behind a per-path quota kept under a mutex.
package main

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

var errFull = errors.New("quota table full")

// quota returns errFull while still holding its lock.
type quota struct {
	mu   sync.Mutex
	used map[string]int
	max  int
	now  func() time.Time
}

func (q *quota) take(key string) (bool, error) {
	now := q.now()
	q.mu.Lock() // want `GS5002: "q.mu" stays locked when take returns here, and the func literal in limit, which calls it, never unlocks it`
	n, ok := q.used[key]
	if !ok && len(q.used) >= q.max {
		return false, errFull
	}
	q.used[key] = n + now.Second()%2
	q.mu.Unlock()
	return n < 10, nil
}

func limit(q *quota, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, err := q.take(r.URL.Path)
		if err != nil {
			http.Error(w, "quota table full", http.StatusServiceUnavailable)
			return
		}
		if !ok {
			w.Header().Set("Retry-After", "1")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// serve runs one request on its own goroutine, as net/http does, and gives up after a while.
func serve(h http.Handler, path string) int {
	done := make(chan int, 1)
	go func() { // want `GS5002: goroutine can return while it still holds "q.mu"`
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		done <- rec.Code
	}()
	select {
	case c := <-done:
		return c
	case <-time.After(time.Second):
		return 0
	}
}

// fairQuota unlocks on every path.
type fairQuota struct {
	mu   sync.Mutex
	used map[string]int
	max  int
}

func (q *fairQuota) take(key string) (bool, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	n, ok := q.used[key]
	if !ok && len(q.used) >= q.max {
		return false, errFull
	}
	q.used[key] = n + 1
	return n < 10, nil
}

func limitFair(q *fairQuota, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ok, err := q.take(r.URL.Path); err != nil || !ok {
			http.Error(w, "over quota", http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func serveFair(h http.Handler, path string) int {
	done := make(chan int, 1)
	go func() { // ok: take unlocks on every path
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		done <- rec.Code
	}()
	select {
	case c := <-done:
		return c
	case <-time.After(time.Second):
		return 0
	}
}

func main() {
	h := limit(&quota{used: map[string]int{}, max: 2, now: time.Now}, http.NotFoundHandler())
	fair := limitFair(&fairQuota{used: map[string]int{}, max: 2}, http.NotFoundHandler())
	for _, p := range []string{"/a", "/b", "/c", "/a"} {
		fmt.Println(p, serve(h, p), serveFair(fair, p))
	}
}
