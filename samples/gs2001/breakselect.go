package gs2001

import "fmt"

// Batcher groups values and flushes them when asked to stop.
type Batcher struct {
	in   chan int
	stop chan chan struct{}
}

// NewBatcher starts the batching loop.
func NewBatcher() *Batcher {
	b := &Batcher{in: make(chan int), stop: make(chan chan struct{})}
	go b.loop() // want `GS2001: goroutine never exits: the break in its select case leaves only the select`
	return b
}

func (b *Batcher) loop() {
	var batch []int
	for {
		select {
		case v := <-b.in:
			batch = append(batch, v)
		case ack := <-b.stop:
			fmt.Println("flush", batch)
			close(ack)
			break
		}
	}
}

// Stop flushes and waits for the flush.
func (b *Batcher) Stop() {
	ack := make(chan struct{})
	b.stop <- ack
	<-ack
}

// Flusher is the same loop that returns when asked to stop.
type Flusher struct {
	in   chan int
	stop chan chan struct{}
}

// NewFlusher starts the flushing loop.
func NewFlusher() *Flusher {
	f := &Flusher{in: make(chan int), stop: make(chan chan struct{})}
	go f.loop() // ok: the stop case returns
	return f
}

func (f *Flusher) loop() {
	var batch []int
	for {
		select {
		case v := <-f.in:
			if v < 0 {
				break // leaves the case early: the rest of it is skipped
			}
			batch = append(batch, v)
		case ack := <-f.stop:
			fmt.Println("flush", batch)
			close(ack)
			return
		}
	}
}

// Stop flushes and waits for the flush.
func (f *Flusher) Stop() {
	ack := make(chan struct{})
	f.stop <- ack
	<-ack
}

// RunBatchers starts one batcher and stops it.
func RunBatchers() {
	b := NewBatcher()
	b.in <- 1
	b.Stop()
	f := NewFlusher()
	f.in <- 1
	f.Stop()
}
