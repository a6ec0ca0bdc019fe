// Package gs4003 holds samples for GS4003: a goroutine runs until its object is stopped,
// and a caller drops the object without stopping it.
package gs4003

import (
	"fmt"
	"net/http"
	"time"

	"gostuck.dev/samples/gs4003/store"
)

// Handle makes a cache per request and never closes it: one janitor per request stays.
func Handle(w http.ResponseWriter, r *http.Request) {
	c := store.New(time.Minute)
	c.Set("path", r.URL.Path)
	fmt.Fprintln(w, c.Get("path"))
}

// HandleClosed closes its cache on every path.
func HandleClosed(w http.ResponseWriter, r *http.Request) {
	c := store.New(time.Minute) // ok: closed on every path
	defer c.Close()
	c.Set("path", r.URL.Path)
	fmt.Fprintln(w, c.Get("path"))
}

// PollAll stops every poller it starts.
func PollAll(names []string) {
	for _, n := range names {
		p := store.NewPoller(time.Second, func() { fmt.Println(n) })
		time.Sleep(time.Millisecond)
		p.Stop()
	}
}

// Forward hands the feed to code that decides when it ends: not judged here.
func Forward(sink func(*store.Feed)) {
	f := store.NewFeed() // ok: handed on, and its channel is exported
	sink(f)
}

// Keep hands its cache to a caller-supplied function: whoever holds it may close it.
func Keep(register func(*store.Cache)) {
	c := store.New(time.Minute)
	register(c)
}
