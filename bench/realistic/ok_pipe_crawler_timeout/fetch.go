package main

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Page is a fetched and parsed document.
type Page struct {
	URL   string
	Body  string
	Links []string
}

// Fetcher retrieves a page by URL.
type Fetcher interface {
	Fetch(url string) (*Page, error)
}

var errDeadline = errors.New("fetch deadline exceeded")

type fetchResult struct {
	page *Page
	err  error
}

// fetchWithDeadline runs f.Fetch and gives up after d. The fetcher interface
// has no context support, so the call runs on its own goroutine.
func fetchWithDeadline(f Fetcher, url string, d time.Duration) (*Page, error) {
	resc := make(chan fetchResult, 1)
	go func() {
		p, err := f.Fetch(url)
		resc <- fetchResult{page: p, err: err}
	}()

	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case r := <-resc:
		return r.page, r.err
	case <-timer.C:
		return nil, fmt.Errorf("%s: %w after %v", url, errDeadline, d)
	}
}

type fakePage struct {
	latency time.Duration
	links   []string
}

// fakeSite serves canned pages with a fixed latency, standing in for HTTP.
type fakeSite struct {
	pages map[string]fakePage
}

func newFakeSite(pages map[string]fakePage) *fakeSite {
	return &fakeSite{pages: pages}
}

func (s *fakeSite) Fetch(url string) (*Page, error) {
	fp, ok := s.pages[url]
	if !ok {
		return nil, fmt.Errorf("GET %s: 404 not found", url)
	}
	time.Sleep(fp.latency)
	var b strings.Builder
	fmt.Fprintf(&b, "<html><title>%s</title><body>", url)
	for _, l := range fp.links {
		fmt.Fprintf(&b, `<a href="%s">%s</a>`, l, l)
	}
	b.WriteString("</body></html>")
	return &Page{URL: url, Body: b.String(), Links: fp.links}, nil
}
