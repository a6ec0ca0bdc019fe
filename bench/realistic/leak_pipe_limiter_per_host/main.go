// Sitemap checker that fetches every URL concurrently through a fetcher with a token-bucket limiter per host. Leak: checkSitemap builds a politeFetcher per sitemap and never calls Close, so every host's limiter refill goroutine (limiter.go) keeps ticking after the check returns.
package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type status struct {
	url string
	ok  bool
	msg string
}

func fakeGet(u string) (string, error) {
	time.Sleep(time.Millisecond)
	if strings.HasSuffix(u, "/old-page") {
		return "", fmt.Errorf("GET %s: 410 gone", u)
	}
	return "<html>ok</html>", nil
}

func checkSitemap(ctx context.Context, urls []string) []status {
	f := newPoliteFetcher(20*time.Millisecond, fakeGet)

	res := make([]status, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body, err := f.Fetch(ctx, u)
			if err != nil {
				res[i] = status{url: u, msg: err.Error()}
				return
			}
			res[i] = status{url: u, ok: true, msg: fmt.Sprintf("%d bytes", len(body))}
		}()
	}
	wg.Wait()
	return res
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()

	sitemaps := [][]string{
		{"https://docs.example.com/", "https://docs.example.com/install", "https://docs.example.com/old-page", "https://blog.example.com/"},
		{"https://status.example.com/", "https://status.example.com/history"},
	}
	for i, sm := range sitemaps {
		bad := 0
		for _, s := range checkSitemap(ctx, sm) {
			if !s.ok {
				bad++
				fmt.Printf("  BROKEN %s: %s\n", s.url, s.msg)
			}
		}
		fmt.Printf("sitemap %d: %d urls, %d broken\n", i, len(sm), bad)
	}

	leakprobe.Done()
}
