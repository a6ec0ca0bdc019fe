// Log triage CLI that reports the first error of each service log, reading entries from a generator goroutine. Correct: the generator also selects on a done channel that main closes after each log, so it exits when firstError stops early.
package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"realistic/internal/leakprobe"
)

type entry struct {
	lineNo int
	ts     time.Time
	level  string
	msg    string
}

// scanEntries parses "RFC3339 LEVEL message" lines from r and streams them.
// Lines that do not parse are skipped. Closing done stops the scan early.
func scanEntries(done <-chan struct{}, r io.Reader) <-chan entry {
	out := make(chan entry)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(r)
		n := 0
		for sc.Scan() {
			n++
			fields := strings.SplitN(sc.Text(), " ", 3)
			if len(fields) < 3 {
				continue
			}
			ts, err := time.Parse(time.RFC3339, fields[0])
			if err != nil {
				continue
			}
			select {
			case out <- entry{lineNo: n, ts: ts, level: fields[1], msg: fields[2]}:
			case <-done:
				return
			}
		}
	}()
	return out
}

// firstError returns the first ERROR entry of the stream, if any.
func firstError(entries <-chan entry) (entry, bool) {
	for e := range entries {
		if e.level == "ERROR" {
			return e, true
		}
	}
	return entry{}, false
}

var serviceLogs = map[string]string{
	"billing": `2024-06-01T10:00:00Z INFO starting billing worker
2024-06-01T10:00:01Z INFO connected to ledger
2024-06-01T10:00:05Z ERROR invoice 8812: currency mismatch
2024-06-01T10:00:06Z INFO retrying invoice 8812
2024-06-01T10:00:07Z ERROR invoice 8812: currency mismatch
2024-06-01T10:00:09Z INFO idle`,
	"search": `2024-06-01T10:00:00Z INFO index warm
2024-06-01T10:00:02Z INFO 1200 qps
2024-06-01T10:00:04Z INFO 1180 qps`,
	"gateway": `2024-06-01T10:00:00Z INFO listening on :8443
2024-06-01T10:00:03Z WARN slow upstream billing 950ms
2024-06-01T10:00:03Z ERROR upstream billing: context deadline exceeded
2024-06-01T10:00:04Z INFO recovered
2024-06-01T10:00:08Z INFO 300 rps`,
}

func triage(svc string) {
	done := make(chan struct{})
	defer close(done)

	entries := scanEntries(done, strings.NewReader(serviceLogs[svc]))
	if e, ok := firstError(entries); ok {
		fmt.Printf("%-8s first error at line %d (%s): %s\n", svc, e.lineNo, e.ts.Format(time.TimeOnly), e.msg)
	} else {
		fmt.Printf("%-8s clean\n", svc)
	}
}

func main() {
	for _, svc := range []string{"billing", "search", "gateway"} {
		triage(svc)
	}

	leakprobe.Done()
}
