// Edge router whose route table is read under an RWMutex by request handlers and replaced by a config watcher goroutine. Correct: Lookup releases the read lock on its hot-path cache hit as well, so the watcher gets the write lock and later requests are served.
package main

import (
	"fmt"
	"log"
	"time"

	"realistic/internal/leakprobe"
)

type edgeRequest struct {
	host, path string
}

func route(t *RouteTable, r edgeRequest) string {
	up, err := t.Lookup(r.host, r.path)
	if err != nil {
		return "404 " + err.Error()
	}
	return "-> " + up
}

// serveWithTimeout runs one request on its own goroutine, as the listener
// does, and gives up on it after timeout.
func serveWithTimeout(t *RouteTable, r edgeRequest, timeout time.Duration) string {
	res := make(chan string, 1)
	go func() { res <- route(t, r) }()
	select {
	case s := <-res:
		return s
	case <-time.After(timeout):
		return "504 gateway timeout"
	}
}

func main() {
	table := NewRouteTable([]Route{
		{Host: "api.example.com", Prefix: "/v1/orders", Upstream: "orders-v1:8080"},
		{Host: "api.example.com", Prefix: "/v1/", Upstream: "monolith:8080"},
		{Host: "static.example.com", Prefix: "/", Upstream: "cdn-origin:80"},
	})

	updates := make(chan []Route, 1)
	applied := make(chan int, 1)
	go table.Watch(updates, applied)

	reqs := []edgeRequest{
		{"api.example.com", "/v1/orders/17"},
		{"api.example.com", "/v1/users/3"},
		{"api.example.com", "/v1/orders/17"},
		{"static.example.com", "/img/logo.svg"},
	}
	for _, r := range reqs {
		fmt.Println(r.host+r.path, serveWithTimeout(table, r, 30*time.Millisecond))
	}

	// Orders are split out of the monolith: the control plane pushes new routes.
	updates <- []Route{
		{Host: "api.example.com", Prefix: "/v1/orders", Upstream: "orders-v2:8080"},
		{Host: "api.example.com", Prefix: "/v1/users", Upstream: "users:8080"},
		{Host: "api.example.com", Prefix: "/v1/", Upstream: "monolith:8080"},
		{Host: "static.example.com", Prefix: "/", Upstream: "cdn-origin:80"},
	}
	select {
	case v := <-applied:
		fmt.Println("route table version", v)
	case <-time.After(50 * time.Millisecond):
		log.Printf("route update not applied yet")
	}

	fmt.Println("api.example.com/v1/users/3", serveWithTimeout(table, edgeRequest{"api.example.com", "/v1/users/3"}, 30*time.Millisecond))
	close(updates)
	leakprobe.Done()
}
