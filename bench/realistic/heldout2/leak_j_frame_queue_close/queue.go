package main

import (
	"errors"
	"sync"
)

// frame is one decoded video frame waiting for the encoder.
type frame struct {
	stream string
	pts    int64
	pixels []byte
}

var errQueueClosed = errors.New("frame queue closed")

// frameQueue is a bounded FIFO between the decoder and the encoder pool.
type frameQueue struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	frames   []frame
	capacity int
	closed   bool
}

func newFrameQueue(capacity int) *frameQueue {
	q := &frameQueue{capacity: capacity}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	return q
}

// Push blocks while the queue is full.
func (q *frameQueue) Push(f frame) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.frames) == q.capacity && !q.closed {
		q.notFull.Wait()
	}
	if q.closed {
		return errQueueClosed
	}
	q.frames = append(q.frames, f)
	q.notEmpty.Signal()
	return nil
}

// Pop blocks until a frame is available; ok is false once the queue is closed and drained.
func (q *frameQueue) Pop() (f frame, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.frames) == 0 && !q.closed {
		q.notEmpty.Wait()
	}
	if len(q.frames) == 0 {
		return frame{}, false
	}
	f = q.frames[0]
	q.frames = q.frames[1:]
	q.notFull.Signal()
	return f, true
}

// Close tells the encoders that the decoder reached end of stream.
func (q *frameQueue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
}
