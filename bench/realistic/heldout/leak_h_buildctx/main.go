// Build runner that streams compiler output for each target and serves repeat builds from a content-addressed cache. Leak: on a cache hit Build returns before closing the job, so the job's context is never cancelled and its log-streaming goroutine waits on ctx.Done forever.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"realistic/internal/leakprobe"
)

type Target struct {
	Name    string
	Sources []string
}

func (t Target) Key() string {
	sum := sha256.Sum256([]byte(t.Name + "\x00" + strings.Join(t.Sources, "\x00")))
	return hex.EncodeToString(sum[:8])
}

type Artifact struct {
	Target string
	Digest string
	Cached bool
}

// job is one in-flight build. Its log pump forwards compiler output to the
// build log until the job is closed.
type job struct {
	target Target
	lines  chan string
	cancel context.CancelFunc
	log    *BuildLog
}

func (j *job) Close() { j.cancel() }

func (j *job) pump(ctx context.Context) {
	for {
		select {
		case line := <-j.lines:
			j.log.Append(j.target.Name, line)
		case <-ctx.Done():
			return
		}
	}
}

type BuildLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *BuildLog) Append(target, line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, target+": "+line)
}

type Builder struct {
	base  context.Context
	mu    sync.Mutex
	cache map[string]Artifact
	log   *BuildLog
}

func (b *Builder) startJob(t Target) *job {
	ctx, cancel := context.WithCancel(b.base)
	j := &job{target: t, lines: make(chan string), cancel: cancel, log: b.log}
	go j.pump(ctx)
	return j
}

func (b *Builder) lookup(key string) (Artifact, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a, ok := b.cache[key]
	return a, ok
}

func (b *Builder) Build(t Target) (Artifact, error) {
	j := b.startJob(t)
	key := t.Key()
	if a, ok := b.lookup(key); ok {
		a.Cached = true
		return a, nil
	}
	defer j.Close()

	for _, src := range t.Sources {
		j.lines <- "compile " + src
	}
	j.lines <- "link " + t.Name

	a := Artifact{Target: t.Name, Digest: key}
	b.mu.Lock()
	b.cache[key] = a
	b.mu.Unlock()
	return a, nil
}

func main() {
	b := &Builder{base: context.Background(), cache: make(map[string]Artifact), log: &BuildLog{}}
	targets := []Target{
		{Name: "//cmd/agent", Sources: []string{"main.go", "agent.go"}},
		{Name: "//pkg/wire", Sources: []string{"wire.go"}},
		{Name: "//cmd/agent", Sources: []string{"main.go", "agent.go"}},
		{Name: "//pkg/wire", Sources: []string{"wire.go"}},
		{Name: "//cmd/ctl", Sources: []string{"ctl.go"}},
	}
	for _, t := range targets {
		a, err := b.Build(t)
		if err != nil {
			fmt.Println("build failed:", err)
			continue
		}
		fmt.Printf("%-12s %s cached=%v\n", a.Target, a.Digest, a.Cached)
	}

	leakprobe.Done()
}
