// Map-reduce over access-log shards that counts referrer domains, with mappers feeding a reducer goroutine. Leak: the reducer is counted in the same WaitGroup it waits on before merging, so its wg.Wait can never return and the reducer blocks forever while main gives up on the report.
package main

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type counts map[string]int

func mapShard(lines []string) counts {
	c := counts{}
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) < 3 {
			continue
		}
		ref, err := url.Parse(strings.Trim(f[2], `"`))
		if err != nil || ref.Host == "" {
			c["(direct)"]++
			continue
		}
		c[strings.TrimPrefix(ref.Host, "www.")]++
	}
	return c
}

// referrerReport runs one mapper per shard and a reducer that merges their
// output once all mappers are finished.
func referrerReport(shards [][]string) <-chan counts {
	var wg sync.WaitGroup
	partials := make(chan counts, len(shards))
	report := make(chan counts, 1)

	for _, s := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			partials <- mapShard(s)
		}()
	}

	wg.Add(1)
	go func() {
		defer wg.Done()
		wg.Wait()
		close(partials)
		total := counts{}
		for p := range partials {
			for k, v := range p {
				total[k] += v
			}
		}
		report <- total
	}()

	return report
}

func main() {
	shards := [][]string{
		{`GET /pricing "https://www.google.com/search?q=x"`, `GET / "-"`, `GET /docs "https://news.ycombinator.com/item?id=1"`},
		{`GET /blog/go "https://www.google.com/"`, `GET /blog/go "https://lobste.rs/s/abc"`},
		{`GET / "https://duckduckgo.com/"`, `GET /signup "https://www.google.com/"`, `GET /docs "-"`},
	}

	select {
	case total := <-referrerReport(shards):
		keys := make([]string, 0, len(total))
		for k := range total {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Printf("%-22s %d\n", k, total[k])
		}
	case <-time.After(100 * time.Millisecond):
		fmt.Println("referrer report: timed out")
	}

	leakprobe.Done()
}
