// Dev-server file watcher that rebuilds assets when matching files change, re-reading its watch list on config reload. Leak: re-watching a directory overwrites the old watch in the map without cancelling its context, so the replaced watch goroutine waits on ctx.Done forever.
package main

import (
	"fmt"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type watchRule struct {
	Dir     string
	Pattern string
}

// AssetPipeline rebuilds the bundle for a source directory.
type AssetPipeline struct {
	mu       sync.Mutex
	rebuilds map[string]int
}

func (p *AssetPipeline) Rebuild(dir string, ev FSEvent) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rebuilds[dir]++
}

func main() {
	assets := &AssetPipeline{rebuilds: make(map[string]int)}
	w := NewWatcher(assets.Rebuild)

	apply := func(rules []watchRule) {
		for _, r := range rules {
			w.Watch(r.Dir, r.Pattern)
		}
	}

	apply([]watchRule{{"/app/src/styles", "*.scss"}, {"/app/src/scripts", "*.ts"}})
	w.Dispatch(FSEvent{Path: "/app/src/styles/main.scss", Op: "WRITE"})

	// .devserver.toml changed: scripts now also cover .tsx files.
	apply([]watchRule{{"/app/src/styles", "*.scss"}, {"/app/src/scripts", "*.ts*"}})
	w.Dispatch(FSEvent{Path: "/app/src/scripts/App.tsx", Op: "WRITE"})
	w.Dispatch(FSEvent{Path: "/app/src/scripts/api.ts", Op: "CREATE"})

	time.Sleep(10 * time.Millisecond)
	w.Close()

	assets.mu.Lock()
	fmt.Printf("styles rebuilt %d time(s), scripts rebuilt %d time(s)\n", assets.rebuilds["/app/src/styles"], assets.rebuilds["/app/src/scripts"])
	assets.mu.Unlock()

	leakprobe.Done()
}
