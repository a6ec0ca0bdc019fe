// Breadth-first web crawler over a simulated site with a per-page fetch deadline. Leak: fetchWithDeadline returns on the deadline and abandons the unbuffered result channel, so each slow fetch goroutine blocks on its send forever.
package main

import (
	"errors"
	"fmt"
	"log"
	"os"
	"sort"
	"time"

	"realistic/internal/leakprobe"
)

type crawler struct {
	fetcher  Fetcher
	deadline time.Duration
	maxPages int

	seen   map[string]bool
	pages  []*Page
	failed map[string]error
}

func newCrawler(f Fetcher, deadline time.Duration, maxPages int) *crawler {
	return &crawler{
		fetcher:  f,
		deadline: deadline,
		maxPages: maxPages,
		seen:     make(map[string]bool),
		failed:   make(map[string]error),
	}
}

// crawl walks the site breadth-first from seed until the frontier is empty
// or maxPages pages have been fetched.
func (c *crawler) crawl(seed string) {
	frontier := []string{seed}
	c.seen[seed] = true
	for len(frontier) > 0 && len(c.pages) < c.maxPages {
		url := frontier[0]
		frontier = frontier[1:]

		p, err := fetchWithDeadline(c.fetcher, url, c.deadline)
		if err != nil {
			c.failed[url] = err
			continue
		}
		c.pages = append(c.pages, p)
		for _, l := range p.Links {
			if !c.seen[l] {
				c.seen[l] = true
				frontier = append(frontier, l)
			}
		}
	}
}

func main() {
	logger := log.New(os.Stderr, "crawler: ", 0)

	site := newFakeSite(map[string]fakePage{
		"https://shop.test/":              {latency: 2 * time.Millisecond, links: []string{"https://shop.test/catalog", "https://shop.test/about"}},
		"https://shop.test/catalog":       {latency: 3 * time.Millisecond, links: []string{"https://shop.test/item/1", "https://shop.test/item/2", "https://shop.test/reviews"}},
		"https://shop.test/about":         {latency: 1 * time.Millisecond},
		"https://shop.test/item/1":        {latency: 2 * time.Millisecond, links: []string{"https://shop.test/catalog"}},
		"https://shop.test/item/2":        {latency: 120 * time.Millisecond, links: []string{"https://shop.test/item/3"}},
		"https://shop.test/reviews":       {latency: 150 * time.Millisecond},
		"https://shop.test/item/3":        {latency: 1 * time.Millisecond},
		"https://shop.test/does-not-link": {latency: 1 * time.Millisecond},
	})

	c := newCrawler(site, 40*time.Millisecond, 20)
	c.crawl("https://shop.test/")

	for _, p := range c.pages {
		logger.Printf("ok   %-28s %4d bytes, %d links", p.URL, len(p.Body), len(p.Links))
	}
	var failed []string
	for u := range c.failed {
		failed = append(failed, u)
	}
	sort.Strings(failed)
	for _, u := range failed {
		err := c.failed[u]
		kind := "error"
		if errors.Is(err, errDeadline) {
			kind = "slow"
		}
		logger.Printf("%-4s %-28s %v", kind, u, err)
	}
	fmt.Printf("crawled %d pages, %d failed\n", len(c.pages), len(c.failed))

	leakprobe.Done()
}
