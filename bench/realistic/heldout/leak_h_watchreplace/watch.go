package main

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
)

// FSEvent is a change notification from the kernel watcher.
type FSEvent struct {
	Path string
	Op   string
}

type watch struct {
	dir     string
	pattern string
	events  chan FSEvent
	cancel  context.CancelFunc
}

// Watcher routes filesystem events to per-directory handlers.
type Watcher struct {
	mu      sync.Mutex
	watches map[string]*watch
	handle  func(dir string, ev FSEvent)
}

func NewWatcher(handle func(dir string, ev FSEvent)) *Watcher {
	return &Watcher{watches: make(map[string]*watch), handle: handle}
}

// Watch starts delivering events for files in dir that match pattern.
func (w *Watcher) Watch(dir, pattern string) {
	ctx, cancel := context.WithCancel(context.Background())
	wt := &watch{dir: dir, pattern: pattern, events: make(chan FSEvent, 8), cancel: cancel}

	w.mu.Lock()
	w.watches[dir] = wt
	w.mu.Unlock()

	go w.serve(ctx, wt)
}

func (w *Watcher) serve(ctx context.Context, wt *watch) {
	for {
		select {
		case ev := <-wt.events:
			if ok, _ := filepath.Match(wt.pattern, filepath.Base(ev.Path)); ok {
				w.handle(wt.dir, ev)
			}
		case <-ctx.Done():
			return
		}
	}
}

// Dispatch hands an event to the watch covering its directory.
func (w *Watcher) Dispatch(ev FSEvent) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for dir, wt := range w.watches {
		if strings.HasPrefix(ev.Path, dir+"/") {
			wt.events <- ev
		}
	}
}

// Close stops every watch.
func (w *Watcher) Close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for dir, wt := range w.watches {
		wt.cancel()
		delete(w.watches, dir)
	}
}
