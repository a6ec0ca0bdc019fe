// Per-API-key token-bucket rate limiter in front of a public API, with a cap on how many keys it tracks. Correct: Allow unlocks the limiter mutex on the key-table-full path too, so later requests are served.
package main

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

var ErrTooManyKeys = errors.New("ratelimit: key table full")

type bucket struct {
	tokens float64
	last   time.Time
}

type Limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	rate    float64 // tokens per second
	burst   float64
	maxKeys int
	now     func() time.Time
}

func NewLimiter(rate, burst float64, maxKeys int) *Limiter {
	return &Limiter{buckets: make(map[string]*bucket), rate: rate, burst: burst, maxKeys: maxKeys, now: time.Now}
}

func (l *Limiter) Allow(key string) (bool, error) {
	now := l.now()
	l.mu.Lock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.maxKeys {
			l.mu.Unlock()
			return false, ErrTooManyKeys
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	allowed := b.tokens >= 1
	if allowed {
		b.tokens--
	}
	l.mu.Unlock()
	return allowed, nil
}

func rateLimit(l *Limiter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, err := l.Allow(r.Header.Get("X-Api-Key"))
		if err != nil {
			// Fail closed: an untracked key gets no free pass.
			http.Error(w, "rate limiter saturated", http.StatusServiceUnavailable)
			return
		}
		if !ok {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "too many requests", http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// serve mimics net/http: each request runs on its own goroutine and the
// client gives up after a timeout.
func serve(h http.Handler, key string, timeout time.Duration) string {
	done := make(chan int, 1)
	go func() {
		req := httptest.NewRequest(http.MethodGet, "/v1/quotes", nil)
		req.Header.Set("X-Api-Key", key)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		done <- rec.Code
	}()
	select {
	case code := <-done:
		return fmt.Sprint(code)
	case <-time.After(timeout):
		return "client timeout"
	}
}

func main() {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, `{"EURUSD":1.0842}`)
	})
	h := rateLimit(NewLimiter(5, 2, 3), api)

	for _, key := range []string{"k-alpha", "k-alpha", "k-alpha", "k-beta", "k-gamma", "k-delta", "k-alpha", "k-beta"} {
		fmt.Printf("%s -> %s\n", key, serve(h, key, 30*time.Millisecond))
	}
	leakprobe.Done()
}
