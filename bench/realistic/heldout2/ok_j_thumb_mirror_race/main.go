// Thumbnail fetcher for a media CDN that asks every origin mirror and keeps the first good answer; the results channel has room for every mirror, so the slower ones finish and exit.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"realistic/internal/leakprobe"
)

// mirror is one origin that can render thumbnails from the master asset.
type mirror struct {
	name    string
	latency time.Duration
}

type thumbnail struct {
	mirror string
	key    string
	width  int
	data   []byte
}

type renderResult struct {
	thumb thumbnail
	err   error
}

var errBadWidth = errors.New("width out of range")

func (m mirror) render(key string, width int) (thumbnail, error) {
	time.Sleep(m.latency)
	if width <= 0 || width > 4096 {
		return thumbnail{}, fmt.Errorf("%s: render %s: %w", m.name, key, errBadWidth)
	}
	return thumbnail{mirror: m.name, key: key, width: width, data: make([]byte, width*width/16)}, nil
}

// fetchFirst returns the first thumbnail any mirror manages to render.
func fetchFirst(ctx context.Context, mirrors []mirror, key string, width int) (thumbnail, error) {
	results := make(chan renderResult, len(mirrors))
	for _, m := range mirrors {
		go askMirror(m, key, width, results)
	}

	var lastErr error
	for range mirrors {
		select {
		case r := <-results:
			if r.err == nil {
				return r.thumb, nil
			}
			lastErr = r.err
		case <-ctx.Done():
			return thumbnail{}, ctx.Err()
		}
	}
	return thumbnail{}, lastErr
}

func askMirror(m mirror, key string, width int, out chan<- renderResult) {
	t, err := m.render(key, width)
	out <- renderResult{thumb: t, err: err}
}

func main() {
	mirrors := []mirror{
		{name: "fra-1", latency: 5 * time.Millisecond},
		{name: "ams-2", latency: 60 * time.Millisecond},
		{name: "iad-1", latency: 120 * time.Millisecond},
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	for _, key := range []string{"videos/8812/poster.jpg", "videos/8813/poster.jpg"} {
		t, err := fetchFirst(ctx, mirrors, key, 320)
		if err != nil {
			fmt.Println("thumbnail:", err)
			continue
		}
		fmt.Printf("thumbnail %s from %s: %d bytes\n", t.key, t.mirror, len(t.data))
	}
	cancel()

	leakprobe.Done()
}
