// Admin endpoint pushing hot config reloads to a single-owner reloader loop. Leak: the loop drops a request whose config fails validation without answering its reply channel, so that admin handler goroutine waits forever.
package main

import (
	"fmt"
	"time"

	"realistic/internal/leakprobe"
)

type response struct {
	status int
	body   string
}

type adminServer struct {
	reloader *Reloader
}

// handleReload is what POST /admin/config runs; each request gets its own goroutine.
func (a *adminServer) handleReload(body []byte, respond chan<- response) {
	if err := a.reloader.Apply(body); err != nil {
		respond <- response{status: 400, body: err.Error()}
		return
	}
	cur := a.reloader.Current()
	respond <- response{status: 200, body: fmt.Sprintf("applied v%d", cur.Version)}
}

func main() {
	r := NewReloader(Config{Version: 1, RateLimit: 100, Upstreams: []string{"10.0.0.1:8080"}})
	admin := &adminServer{reloader: r}

	bodies := []string{
		`{"version":2,"rate_limit":250,"upstreams":["10.0.0.1:8080","10.0.0.2:8080"]}`,
		`{"version":3,"rate_limit":0,"upstreams":["10.0.0.1:8080"]}`,
		`{"version":2,"rate_limit":300,"upstreams":["10.0.0.3:8080"]}`,
		`{"version":4,`,
	}

	respond := make(chan response, len(bodies))
	for _, b := range bodies {
		go admin.handleReload([]byte(b), respond)
		time.Sleep(5 * time.Millisecond) // operators click one at a time
	}

	deadline := time.After(100 * time.Millisecond)
	for answered := 0; answered < len(bodies); answered++ {
		select {
		case resp := <-respond:
			fmt.Printf("POST /admin/config -> %d %s\n", resp.status, resp.body)
		case <-deadline:
			fmt.Printf("%d reload request(s) still pending at shutdown\n", len(bodies)-answered)
			answered = len(bodies)
		}
	}

	fmt.Printf("running config v%d\n", r.Current().Version)
	r.Stop()

	leakprobe.Done()
}
