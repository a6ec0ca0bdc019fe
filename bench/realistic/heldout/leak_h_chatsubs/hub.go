package main

import "sync"

// Event is a CI notification fanned out to chat bot handlers.
type Event struct {
	Build  int
	Status string
	URL    string
}

type subscription struct {
	id int
	ch chan Event
}

// Hub fans out events from the CI webhook to every subscribed handler.
type Hub struct {
	mu     sync.Mutex
	subs   []subscription
	nextID int
	inbox  chan Event
}

func NewHub() *Hub {
	h := &Hub{inbox: make(chan Event, 32)}
	go h.run()
	return h
}

// Subscribe registers a new handler. Call Unsubscribe with the returned id
// when the handler is no longer interested.
func (h *Hub) Subscribe() (int, <-chan Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.nextID++
	s := subscription{id: h.nextID, ch: make(chan Event)}
	h.subs = append(h.subs, s)
	return s.id, s.ch
}

func (h *Hub) Unsubscribe(id int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i, s := range h.subs {
		if s.id == id {
			h.subs = append(h.subs[:i], h.subs[i+1:]...)
			return
		}
	}
}

func (h *Hub) Publish(ev Event) { h.inbox <- ev }

func (h *Hub) Close() { close(h.inbox) }

func (h *Hub) run() {
	for ev := range h.inbox {
		h.mu.Lock()
		targets := make([]subscription, len(h.subs))
		copy(targets, h.subs)
		h.mu.Unlock()

		for _, s := range targets {
			s.ch <- ev
		}
	}
}
