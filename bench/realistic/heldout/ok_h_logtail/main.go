// Log triage CLI that scans rotated service logs for the first panic line. Correct: the line reader also selects on the scan's context, which is cancelled when the caller stops reading, so it exits.
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"realistic/internal/leakprobe"
)

// readLines streams the lines of r on the returned channel and closes it at EOF
// or when ctx is cancelled.
func readLines(ctx context.Context, r io.Reader) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			select {
			case out <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// firstMatch returns the first line containing needle and its 1-based line number.
func firstMatch(lines <-chan string, needle string) (string, int, bool) {
	n := 0
	for line := range lines {
		n++
		if strings.Contains(line, needle) {
			return line, n, true
		}
	}
	return "", n, false
}

func scanFile(path, needle string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	line, n, ok := firstMatch(readLines(ctx, f), needle)
	if !ok {
		fmt.Printf("%s: no %q in %d lines\n", filepath.Base(path), needle, n)
		return nil
	}
	fmt.Printf("%s:%d: %s\n", filepath.Base(path), n, line)
	return nil
}

func writeLogs(dir string) ([]string, error) {
	logs := map[string][]string{
		"api.log.2": {
			"level=info msg=\"listening\" addr=:8080",
			"level=info msg=\"request\" path=/v1/orders status=200",
			"level=error msg=\"panic: runtime error: index out of range [3] with length 3\"",
			"level=info msg=\"restarting worker\"",
			"level=info msg=\"request\" path=/v1/orders status=200",
		},
		"api.log.1": {
			"level=info msg=\"listening\" addr=:8080",
			"level=warn msg=\"slow query\" ms=812",
			"level=info msg=\"shutdown\"",
		},
		"worker.log": {
			"level=info msg=\"job started\" id=41",
			"level=error msg=\"panic: assignment to entry in nil map\"",
			"level=info msg=\"job started\" id=42",
			"level=info msg=\"job done\" id=42",
		},
	}
	var paths []string
	for _, name := range []string{"api.log.2", "api.log.1", "worker.log"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.Join(logs[name], "\n")+"\n"), 0o644); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

func run() error {
	dir, err := os.MkdirTemp("", "logtriage")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	paths, err := writeLogs(dir)
	if err != nil {
		return err
	}
	for _, p := range paths {
		if err := scanFile(p, "panic:"); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "logtriage:", err)
	}
	leakprobe.Done()
}
