// Profile API with a read-through cache: a cache miss takes the write lock while Get still holds the read lock, so the handler deadlocks on itself and every later handler queues behind it.
package main

import (
	"fmt"
	"time"

	"realistic/internal/leakprobe"
)

type request struct {
	userID string
	reply  chan string
}

// Server answers profile requests, one goroutine per request.
type Server struct {
	cache *ProfileCache
}

func (s *Server) handle(req request) {
	p, err := s.cache.Get(req.userID)
	if err != nil {
		req.reply <- "error: " + err.Error()
		return
	}
	req.reply <- p.Display
}

// Serve starts a handler for every request and collects the replies until timeout.
func (s *Server) Serve(ids []string, timeout time.Duration) []string {
	replies := make(chan string, len(ids))
	for _, id := range ids {
		go func(id string) {
			s.handle(request{userID: id, reply: replies})
		}(id)
		time.Sleep(10 * time.Millisecond)
	}
	var out []string
	deadline := time.After(timeout)
	for range ids {
		select {
		case r := <-replies:
			out = append(out, r)
		case <-deadline:
			return out
		}
	}
	return out
}

func run() {
	db := map[string]string{"u1": "Ada L.", "u2": "Grace H.", "u3": "Edsger D."}
	fetch := func(id string) (*Profile, error) {
		name, ok := db[id]
		if !ok {
			return nil, fmt.Errorf("not found")
		}
		return &Profile{UserID: id, Display: name, Loaded: time.Now()}, nil
	}
	srv := &Server{cache: NewProfileCache(fetch, 100)}
	got := srv.Serve([]string{"u1", "u2", "u1"}, 200*time.Millisecond)
	fmt.Printf("%d of 3 requests answered: %v\n", len(got), got)
}

func main() {
	run()
	leakprobe.Done()
}
