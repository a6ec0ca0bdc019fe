// Federated search endpoint that queries every enabled backend in parallel and returns what arrived before the request deadline. Leak: the WaitGroup is sized for all backends up front but feature-flagged-off backends start no goroutine, so the goroutine that closes the results channel waits forever.
package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type Hit struct {
	Source string
	Title  string
	Score  float64
}

type Backend interface {
	Name() string
	Search(ctx context.Context, q string) []Hit
}

type staticBackend struct {
	name    string
	latency time.Duration
	docs    []string
}

func (b *staticBackend) Name() string { return b.name }

func (b *staticBackend) Search(ctx context.Context, q string) []Hit {
	select {
	case <-time.After(b.latency):
	case <-ctx.Done():
		return nil
	}
	var hits []Hit
	for i, d := range b.docs {
		if strings.Contains(strings.ToLower(d), strings.ToLower(q)) {
			hits = append(hits, Hit{Source: b.name, Title: d, Score: 1 / float64(i+1)})
		}
	}
	return hits
}

type flags map[string]bool

func (f flags) Enabled(name string) bool { return f["search."+name] }

type Aggregator struct {
	backends []Backend
	flags    flags
	deadline time.Duration
}

func (a *Aggregator) launch(ctx context.Context, q string, wg *sync.WaitGroup, out chan<- []Hit) {
	wg.Add(len(a.backends))
	for _, b := range a.backends {
		if !a.flags.Enabled(b.Name()) {
			continue
		}
		go func() {
			defer wg.Done()
			out <- b.Search(ctx, q)
		}()
	}
}

func (a *Aggregator) Search(ctx context.Context, q string) ([]Hit, bool) {
	ctx, cancel := context.WithTimeout(ctx, a.deadline)
	defer cancel()

	results := make(chan []Hit, len(a.backends))
	var wg sync.WaitGroup
	a.launch(ctx, q, &wg, results)
	go func() {
		wg.Wait()
		close(results)
	}()

	var hits []Hit
	for {
		select {
		case hs, ok := <-results:
			if !ok {
				return hits, true
			}
			hits = append(hits, hs...)
		case <-ctx.Done():
			return hits, false
		}
	}
}

func (a *Aggregator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hits, complete := a.Search(r.Context(), r.URL.Query().Get("q"))
	sort.Slice(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	if !complete {
		w.Header().Set("X-Partial-Results", "1")
	}
	for _, h := range hits {
		fmt.Fprintf(w, "[%s] %s\n", h.Source, h.Title)
	}
}

func main() {
	agg := &Aggregator{
		backends: []Backend{
			&staticBackend{name: "docs", latency: 5 * time.Millisecond, docs: []string{"Rotating API keys", "Key management overview"}},
			&staticBackend{name: "tickets", latency: 8 * time.Millisecond, docs: []string{"API key leaked in logs", "Billing export broken"}},
			&staticBackend{name: "code", latency: 6 * time.Millisecond, docs: []string{"keyring.go", "apikey_test.go"}},
		},
		flags:    flags{"search.docs": true, "search.tickets": true, "search.code": false},
		deadline: 40 * time.Millisecond,
	}
	for _, q := range []string{"key", "billing"} {
		rec := httptest.NewRecorder()
		agg.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/search?q="+q, nil))
		fmt.Printf("q=%s partial=%q\n%s", q, rec.Header().Get("X-Partial-Results"), rec.Body.String())
	}
	leakprobe.Done()
}
