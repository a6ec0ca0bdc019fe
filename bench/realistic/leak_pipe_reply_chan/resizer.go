package main

import (
	"fmt"
	"log"
	"time"
)

const maxEdge = 4096

type thumbnail struct {
	Src    string
	Width  int
	Height int
	Bytes  int
}

type resizeResult struct {
	thumb thumbnail
	err   error
}

// resizeRequest is what callers hand to the worker pool; the worker answers
// on reply.
type resizeRequest struct {
	src           string
	width, height int
	reply         chan resizeResult
}

// Resizer is a fixed pool of workers that turn source images into thumbnails.
type Resizer struct {
	reqs   chan resizeRequest
	images map[string][2]int // simulated image store: name -> original size
	logger *log.Logger
}

func NewResizer(workers int, images map[string][2]int, logger *log.Logger) *Resizer {
	r := &Resizer{
		reqs:   make(chan resizeRequest),
		images: images,
		logger: logger,
	}
	for i := 0; i < workers; i++ {
		go r.worker(i)
	}
	return r
}

func (r *Resizer) worker(id int) {
	for req := range r.reqs {
		if req.width <= 0 || req.height <= 0 || req.width > maxEdge || req.height > maxEdge {
			r.logger.Printf("worker %d: rejecting %s: invalid target %dx%d", id, req.src, req.width, req.height)
			continue
		}
		orig, ok := r.images[req.src]
		if !ok {
			req.reply <- resizeResult{err: fmt.Errorf("open %s: no such image", req.src)}
			continue
		}
		req.reply <- resizeResult{thumb: r.scale(req.src, orig, req.width, req.height)}
	}
}

// scale keeps the aspect ratio and fits the image inside width x height.
func (r *Resizer) scale(src string, orig [2]int, width, height int) thumbnail {
	time.Sleep(3 * time.Millisecond) // resampling cost
	w, h := width, orig[1]*width/orig[0]
	if h > height {
		w, h = orig[0]*height/orig[1], height
	}
	return thumbnail{Src: src, Width: w, Height: h, Bytes: w * h * 3 / 10}
}

// Resize submits one image to the pool and waits for the thumbnail.
func (r *Resizer) Resize(src string, width, height int) (thumbnail, error) {
	reply := make(chan resizeResult)
	r.reqs <- resizeRequest{src: src, width: width, height: height, reply: reply}
	res := <-reply
	return res.thumb, res.err
}

// Close stops the workers once the queued requests are handed out.
func (r *Resizer) Close() {
	close(r.reqs)
}
