// API gateway that batches access-log records per upstream and ships them to a log sink, with a Stop that flushes on shutdown. Leak: the stop case uses break, which only leaves the select, so each batcher goroutine goes back to waiting forever after its final flush.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type accessRecord struct {
	Upstream string
	Method   string
	Path     string
	Status   int
	Took     time.Duration
}

type logSink struct {
	mu      sync.Mutex
	batches [][]accessRecord
}

func (s *logSink) Write(batch []accessRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batches = append(s.batches, append([]accessRecord(nil), batch...))
}

func (s *logSink) Stats() (batches, records int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.batches {
		records += len(b)
	}
	return len(s.batches), records
}

type batcher struct {
	sink    *logSink
	max     int
	records chan accessRecord
	stop    chan chan struct{}
}

func newBatcher(sink *logSink, max int) *batcher {
	b := &batcher{
		sink:    sink,
		max:     max,
		records: make(chan accessRecord, 128),
		stop:    make(chan chan struct{}),
	}
	go b.run()
	return b
}

func (b *batcher) run() {
	buf := make([]accessRecord, 0, b.max)
	for {
		select {
		case r := <-b.records:
			buf = append(buf, r)
			if len(buf) == b.max {
				b.sink.Write(buf)
				buf = buf[:0]
			}
		case ack := <-b.stop:
			for len(b.records) > 0 {
				buf = append(buf, <-b.records)
			}
			if len(buf) > 0 {
				b.sink.Write(buf)
				buf = buf[:0]
			}
			close(ack)
			break
		}
	}
}

// Stop flushes everything recorded so far and returns when it reached the sink.
func (b *batcher) Stop() {
	ack := make(chan struct{})
	b.stop <- ack
	<-ack
}

type gateway struct {
	routes   map[string]http.Handler
	batchers map[string]*batcher
}

func newGateway(sink *logSink, routes map[string]http.Handler) *gateway {
	g := &gateway{routes: routes, batchers: make(map[string]*batcher)}
	for prefix := range routes {
		g.batchers[prefix] = newBatcher(sink, 4)
	}
	return g
}

func (g *gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for prefix, h := range g.routes {
		if !strings.HasPrefix(r.URL.Path, prefix) {
			continue
		}
		start := time.Now()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		g.batchers[prefix].records <- accessRecord{
			Upstream: prefix, Method: r.Method, Path: r.URL.Path, Status: rec.Code, Took: time.Since(start),
		}
		return
	}
	http.NotFound(w, r)
}

func (g *gateway) Shutdown() {
	for _, b := range g.batchers {
		b.Stop()
	}
}

func main() {
	sink := &logSink{}
	gw := newGateway(sink, map[string]http.Handler{
		"/users/": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintln(w, `{"id":"u1"}`)
		}),
		"/orders/": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet {
				http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
				return
			}
			fmt.Fprintln(w, `{"id":"o1"}`)
		}),
	})

	paths := []string{"/users/1", "/orders/9", "/users/2", "/users/3", "/orders/10", "/users/4", "/users/5", "/health"}
	for _, p := range paths {
		rec := httptest.NewRecorder()
		gw.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		fmt.Println(p, rec.Code)
	}
	gw.Shutdown()
	batches, records := sink.Stats()
	fmt.Printf("shipped %d records in %d batches\n", records, batches)
	leakprobe.Done()
}
