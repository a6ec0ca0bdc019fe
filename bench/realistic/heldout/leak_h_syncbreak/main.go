// File-sync daemon that batches local change events and pushes them to a remote store. Leak: the quit case uses break, which only leaves the select, so after Stop the loop goes back to waiting on its channels forever.
package main

import (
	"fmt"
	"path/filepath"
	"sort"
	"sync"

	"realistic/internal/leakprobe"
)

// Remote is the object store the daemon mirrors into.
type Remote struct {
	mu      sync.Mutex
	objects map[string]int
}

func (r *Remote) PutBatch(paths []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range paths {
		r.objects[p]++
	}
}

// Syncer collects change events and uploads them in batches.
type Syncer struct {
	root    string
	remote  *Remote
	events  chan string
	quit    chan struct{}
	pending map[string]bool
	max     int
}

func NewSyncer(root string, remote *Remote) *Syncer {
	s := &Syncer{
		root:    root,
		remote:  remote,
		events:  make(chan string),
		quit:    make(chan struct{}),
		pending: make(map[string]bool),
		max:     3,
	}
	go s.loop()
	return s
}

// Changed reports that a file under root was modified.
func (s *Syncer) Changed(rel string) { s.events <- filepath.Join(s.root, rel) }

// Stop flushes pending changes and stops the daemon loop.
func (s *Syncer) Stop() { s.quit <- struct{}{} }

func (s *Syncer) loop() {
	for {
		select {
		case p := <-s.events:
			s.pending[p] = true
			if len(s.pending) >= s.max {
				s.flush()
			}
		case <-s.quit:
			s.flush()
			break
		}
	}
}

func (s *Syncer) flush() {
	if len(s.pending) == 0 {
		return
	}
	batch := make([]string, 0, len(s.pending))
	for p := range s.pending {
		batch = append(batch, p)
	}
	sort.Strings(batch)
	s.remote.PutBatch(batch)
	fmt.Printf("pushed %d change(s): %v\n", len(batch), batch)
	clear(s.pending)
}

func main() {
	remote := &Remote{objects: make(map[string]int)}
	s := NewSyncer("/srv/share", remote)
	for _, f := range []string{"docs/a.md", "docs/b.md", "docs/a.md", "img/logo.png", "notes.txt"} {
		s.Changed(f)
	}
	s.Stop()

	remote.mu.Lock()
	fmt.Printf("remote holds %d object(s)\n", len(remote.objects))
	remote.mu.Unlock()

	leakprobe.Done()
}
