// Clickstream import built from generic pipeline stages (source, decode, enrich) feeding a sink that stops at the first bad event. Leak: ingest returns on the first error without draining or cancelling, so the three stage goroutines in package pipeline stay blocked on their sends.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"strings"

	"realistic/internal/leakprobe"
	"realistic/leak_pipe_stage_first_error/pipeline"
)

type click struct {
	Session string `json:"session"`
	Path    string `json:"path"`
	IP      string `json:"ip"`
	Country string `json:"-"`
}

type item struct {
	ev  click
	err error
}

func decode(line string) item {
	var c click
	if err := json.Unmarshal([]byte(line), &c); err != nil {
		return item{err: fmt.Errorf("decode %q: %w", line, err)}
	}
	if c.Session == "" {
		return item{err: fmt.Errorf("decode %q: missing session", line)}
	}
	return item{ev: c}
}

var geoPrefixes = map[string]string{"81.": "DE", "62.": "NL", "73.": "US", "133.": "JP"}

func enrich(it item) item {
	if it.err != nil {
		return it
	}
	it.ev.Country = "ZZ"
	for prefix, cc := range geoPrefixes {
		if strings.HasPrefix(it.ev.IP, prefix) {
			it.ev.Country = cc
		}
	}
	return it
}

type sessionStore struct {
	paths map[string][]string
}

// ingest runs the pipeline over lines and stores every event; it stops at
// the first event that fails to decode.
func ingest(lines []string, st *sessionStore) (int, error) {
	raw := pipeline.Source(lines)
	decoded := pipeline.Map(raw, decode)
	enriched := pipeline.Map(decoded, enrich)

	n := 0
	for it := range enriched {
		if it.err != nil {
			return n, it.err
		}
		key := it.ev.Session + "/" + it.ev.Country
		st.paths[key] = append(st.paths[key], it.ev.Path)
		n++
	}
	return n, nil
}

func main() {
	lines := []string{
		`{"session":"s1","path":"/","ip":"81.2.69.160"}`,
		`{"session":"s1","path":"/pricing","ip":"81.2.69.160"}`,
		`{"session":"s2","path":"/","ip":"73.12.4.9"}`,
		`{"session":"s2","path":"/signup","ip":"73.12.4.9"`,
		`{"session":"s3","path":"/docs","ip":"133.5.1.1"}`,
		`{"session":"s3","path":"/docs/api","ip":"133.5.1.1"}`,
		`{"session":"s1","path":"/checkout","ip":"81.2.69.160"}`,
		`{"session":"s4","path":"/","ip":"62.4.8.8"}`,
		`{"session":"s4","path":"/blog","ip":"62.4.8.8"}`,
	}

	st := &sessionStore{paths: make(map[string][]string)}
	n, err := ingest(lines, st)
	if err != nil {
		log.New(os.Stderr, "clicks: ", 0).Printf("import aborted after %d events: %v", n, err)
	}
	fmt.Printf("stored %d events across %d sessions\n", n, len(st.paths))

	leakprobe.Done()
}
