package main

import "sync"

// Hub fans every published log line out to all current subscribers.
type Hub struct {
	in chan string

	mu     sync.Mutex
	nextID int
	subs   map[int]chan string
}

func NewHub(backlog int) *Hub {
	h := &Hub{
		in:   make(chan string, backlog),
		subs: make(map[int]chan string),
	}
	go h.run()
	return h
}

// Subscribe registers a new subscriber with a buffer of buf lines. The
// returned func removes the subscription.
func (h *Hub) Subscribe(buf int) (<-chan string, func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	id := h.nextID
	h.nextID++
	ch := make(chan string, buf)
	h.subs[id] = ch
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if c, ok := h.subs[id]; ok {
			delete(h.subs, id)
			close(c)
		}
	}
}

// Publish queues a line for delivery.
func (h *Hub) Publish(line string) {
	h.in <- line
}

// Close stops accepting lines; subscribers' channels are closed once the
// backlog is delivered.
func (h *Hub) Close() {
	close(h.in)
}

func (h *Hub) run() {
	for line := range h.in {
		h.mu.Lock()
		for _, ch := range h.subs {
			ch <- line
		}
		h.mu.Unlock()
	}
	h.mu.Lock()
	for id, ch := range h.subs {
		delete(h.subs, id)
		close(ch)
	}
	h.mu.Unlock()
}
