// Warehouse ETL loader that splits each CSV export into chunks parsed in parallel; a chunk with a malformed row reports the error and returns before calling Done, so the goroutine loading that file waits on its WaitGroup forever.
package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type orderRow struct {
	orderID string
	cents   int64
}

type fileResult struct {
	name  string
	rows  int
	total int64
	errs  []error
}

type loader struct {
	chunkSize int
}

// LoadAll loads every export concurrently and streams one result per file.
func (l *loader) LoadAll(exports map[string]string) <-chan fileResult {
	results := make(chan fileResult, len(exports))
	for name, body := range exports {
		go l.loadFile(name, body, results)
	}
	return results
}

func (l *loader) loadFile(name, body string, results chan<- fileResult) {
	lines := strings.Split(strings.TrimSpace(body), "\n")[1:] // skip header
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		res  = fileResult{name: name}
		errc = make(chan error, len(lines))
	)
	for start := 0; start < len(lines); start += l.chunkSize {
		end := min(start+l.chunkSize, len(lines))
		wg.Add(1)
		go l.loadChunk(lines[start:end], &wg, &mu, &res, errc)
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		res.errs = append(res.errs, err)
	}
	results <- res
}

func (l *loader) loadChunk(lines []string, wg *sync.WaitGroup, mu *sync.Mutex, res *fileResult, errc chan<- error) {
	rows := make([]orderRow, 0, len(lines))
	for _, line := range lines {
		fields := strings.Split(line, ",")
		if len(fields) != 3 {
			errc <- fmt.Errorf("row %q: want 3 fields, got %d", line, len(fields))
			return
		}
		cents, err := strconv.ParseInt(fields[2], 10, 64)
		if err != nil {
			errc <- fmt.Errorf("row %q: amount: %w", line, err)
			return
		}
		rows = append(rows, orderRow{orderID: fields[0], cents: cents})
	}
	mu.Lock()
	for _, r := range rows {
		res.rows++
		res.total += r.cents
	}
	mu.Unlock()
	wg.Done()
}

func main() {
	exports := map[string]string{
		"orders-eu.csv": "order_id,currency,amount_cents\nA-1,EUR,1299\nA-2,EUR,450\nA-3,EUR,8900\nA-4,EUR,120\n",
		"orders-us.csv": "order_id,currency,amount_cents\nB-1,USD,2500\nB-2,USD;999\nB-3,USD,310\nB-4,USD,75\nB-5,USD,60\n",
		"orders-jp.csv": "order_id,currency,amount_cents\nC-1,JPY,150000\nC-2,JPY,8800\n",
	}
	l := &loader{chunkSize: 2}
	results := l.LoadAll(exports)

	var loaded []string
	timeout := time.After(250 * time.Millisecond)
wait:
	for range exports {
		select {
		case r := <-results:
			loaded = append(loaded, fmt.Sprintf("%s: %d rows, %d cents, %d errors", r.name, r.rows, r.total, len(r.errs)))
		case <-timeout:
			fmt.Println("load timed out; some exports were not loaded")
			break wait
		}
	}
	sort.Strings(loaded)
	for _, s := range loaded {
		fmt.Println(s)
	}

	leakprobe.Done()
}
