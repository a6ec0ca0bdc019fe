// CI runner that streams step results to a status-board reporter goroutine. Correct: the runner closes the results channel with a defer, so the reporter's range ends on every path, including a step with no image.
package main

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

// StatusBoard keeps the latest line per pipeline, as shown on the dashboard.
type StatusBoard struct {
	mu    sync.Mutex
	lines map[string][]string
}

func (b *StatusBoard) append(key, line string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lines[key] = append(b.lines[key], line)
}

func (b *StatusBoard) snapshot(key string) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Join(b.lines[key], "; ")
}

// report consumes a pipeline's results until the pipeline is over.
func report(board *StatusBoard, key string, results <-chan StepResult, finished chan<- string) {
	for res := range results {
		status := "ok"
		if res.Err != nil {
			status = "error: " + res.Err.Error()
		} else if res.ExitCode != 0 {
			status = fmt.Sprintf("exit %d", res.ExitCode)
		}
		board.append(key, res.Step+" "+status)
	}
	finished <- key
}

func main() {
	runner := &Runner{Workdir: "/tmp/ci"}
	board := &StatusBoard{lines: make(map[string][]string)}

	pipelines := []Pipeline{
		{Repo: "billing", Commit: "a1f3c9e", Steps: []Step{
			{Name: "lint", Image: "golangci/golangci-lint:v1.59", Command: "golangci-lint run"},
			{Name: "test", Image: "golang:1.22", Command: "go test ./..."},
		}},
		{Repo: "gateway", Commit: "77be012", Steps: []Step{
			{Name: "test", Image: "golang:1.22", Command: "go test ./..."},
			{Name: "package", Command: "make dist"},
		}},
		{Repo: "docs", Commit: "0c4d5aa", Steps: []Step{
			{Name: "build", Image: "node:20", Command: "false"},
			{Name: "publish", Image: "node:20", Command: "npm run publish"},
		}},
	}

	finished := make(chan string, len(pipelines))
	for _, p := range pipelines {
		key := p.Repo + "@" + p.Commit
		go report(board, key, runner.Run(p), finished)
	}

	deadline := time.After(150 * time.Millisecond)
	pending := len(pipelines)
	for pending > 0 {
		select {
		case key := <-finished:
			pending--
			fmt.Printf("%-16s %s\n", key, board.snapshot(key))
		case <-deadline:
			fmt.Printf("%d pipeline(s) still running at deadline\n", pending)
			pending = 0
		}
	}

	leakprobe.Done()
}
