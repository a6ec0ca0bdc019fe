// Transcoding pipeline that hands decoded frames to an encoder pool through a condition-variable queue; Close marks the queue closed without waking the encoders parked in Wait, so they never see end of stream.
package main

import (
	"fmt"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type encoderPool struct {
	queue   *frameQueue
	wg      sync.WaitGroup
	mu      sync.Mutex
	encoded int
	bytes   int
}

func startEncoders(q *frameQueue, n int) *encoderPool {
	p := &encoderPool{queue: q}
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.encodeLoop()
	}
	return p
}

func (p *encoderPool) encodeLoop() {
	defer p.wg.Done()
	for {
		f, ok := p.queue.Pop()
		if !ok {
			return
		}
		compressed := len(f.pixels) / 10 // pretend H.264
		p.mu.Lock()
		p.encoded++
		p.bytes += compressed
		p.mu.Unlock()
	}
}

// Wait returns false if the encoders did not drain within d.
func (p *encoderPool) Wait(d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		p.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

func decode(stream string, frames int, q *frameQueue) error {
	for i := 0; i < frames; i++ {
		f := frame{stream: stream, pts: int64(i) * 3000, pixels: make([]byte, 640*360)}
		if err := q.Push(f); err != nil {
			return fmt.Errorf("decode %s frame %d: %w", stream, i, err)
		}
	}
	time.Sleep(20 * time.Millisecond) // read the container trailer and verify the seek index
	return nil
}

func main() {
	q := newFrameQueue(8)
	pool := startEncoders(q, 3)

	if err := decode("cam-lobby/2026-12-08T04.ts", 24, q); err != nil {
		fmt.Println(err)
	}
	q.Close()

	if !pool.Wait(200 * time.Millisecond) {
		fmt.Println("encoders did not finish after end of stream")
	}
	pool.mu.Lock()
	fmt.Printf("encoded %d frames, %d bytes\n", pool.encoded, pool.bytes)
	pool.mu.Unlock()

	leakprobe.Done()
}
