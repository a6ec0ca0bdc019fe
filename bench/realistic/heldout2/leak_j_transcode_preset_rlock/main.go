// Video transcoding worker that resolves each job's encoder preset through a read-locked cache; on a cache miss Get takes the write lock while still holding the read lock, so the worker deadlocks on its own RWMutex.
package main

import (
	"fmt"
	"time"

	"realistic/internal/leakprobe"
)

type job struct {
	videoID string
	preset  string
}

type outcome struct {
	videoID string
	output  string
	err     error
}

type worker struct {
	presets *presetCache
}

func (w *worker) run(jobs <-chan job, results chan<- outcome) {
	for j := range jobs {
		p, err := w.presets.Get(j.preset)
		if err != nil {
			results <- outcome{videoID: j.videoID, err: err}
			continue
		}
		out := fmt.Sprintf("%s_%dx%d_%dk.mp4", j.videoID, p.width, p.height, p.bitrate)
		results <- outcome{videoID: j.videoID, output: out}
	}
}

func main() {
	cache := newPresetCache(
		preset{name: "1080p", width: 1920, height: 1080, bitrate: 5000},
		preset{name: "720p", width: 1280, height: 720, bitrate: 2800},
	)

	queue := []job{
		{videoID: "v-5501", preset: "1080p"},
		{videoID: "v-5502", preset: "720p"},
		{videoID: "v-5503", preset: "480p"},
		{videoID: "v-5504", preset: "1080p"},
	}
	jobs := make(chan job, len(queue))
	results := make(chan outcome, len(queue))
	for _, j := range queue {
		jobs <- j
	}
	close(jobs)

	w := &worker{presets: cache}
	go w.run(jobs, results)

	timeout := time.After(300 * time.Millisecond)
collect:
	for range queue {
		select {
		case r := <-results:
			if r.err != nil {
				fmt.Printf("%s: %v\n", r.videoID, r.err)
				continue
			}
			fmt.Printf("%s -> %s\n", r.videoID, r.output)
		case <-timeout:
			fmt.Println("transcode queue stalled")
			break collect
		}
	}

	leakprobe.Done()
}
