// Thumbnail batch tool that submits resize jobs to a worker pool which answers on a reply channel carried in each request. Leak: the worker drops requests with an invalid target size without answering, so the caller goroutines waiting in Resize block forever on their reply channels.
package main

import (
	"fmt"
	"log"
	"os"
	"time"

	"realistic/internal/leakprobe"
)

type job struct {
	src    string
	width  int
	height int
}

type outcome struct {
	job   job
	thumb thumbnail
	err   error
}

func main() {
	logger := log.New(os.Stderr, "thumbs: ", 0)
	images := map[string][2]int{
		"hero.jpg":    {3840, 2160},
		"avatar.png":  {512, 512},
		"banner.webp": {2400, 600},
		"product.jpg": {2000, 3000},
	}
	jobs := []job{
		{"hero.jpg", 640, 360},
		{"avatar.png", 128, 128},
		{"banner.webp", 0, 200},
		{"product.jpg", 300, 300},
		{"missing.gif", 100, 100},
		{"hero.jpg", 8000, 4500},
	}

	rz := NewResizer(3, images, logger)
	results := make(chan outcome, len(jobs))
	for _, j := range jobs {
		go func() {
			t, err := rz.Resize(j.src, j.width, j.height)
			results <- outcome{job: j, thumb: t, err: err}
		}()
	}

	deadline := time.After(80 * time.Millisecond)
	done := 0
collect:
	for done < len(jobs) {
		select {
		case o := <-results:
			done++
			if o.err != nil {
				logger.Printf("%s: %v", o.job.src, o.err)
				continue
			}
			fmt.Printf("%-12s -> %dx%d (%d bytes)\n", o.job.src, o.thumb.Width, o.thumb.Height, o.thumb.Bytes)
		case <-deadline:
			logger.Printf("batch deadline hit, %d of %d jobs unfinished", len(jobs)-done, len(jobs))
			break collect
		}
	}
	rz.Close()

	leakprobe.Done()
}
