package main

import "sync"

type Message struct {
	Topic   string
	Kind    string
	Session string
	At      int64
}

// Subscriber receives messages of one topic on C until it unsubscribes.
type Subscriber struct {
	id    int
	topic string
	ch    chan Message
	done  chan struct{}
}

func (s *Subscriber) C() <-chan Message { return s.ch }

// Bus delivers every message to all subscribers of its topic, in order,
// without dropping: a publisher waits for each subscriber to take the message.
type Bus struct {
	mu        sync.Mutex
	subs      map[string][]*Subscriber
	nextID    int
	published int
}

func NewBus() *Bus { return &Bus{subs: make(map[string][]*Subscriber)} }

func (b *Bus) Subscribe(topic string) *Subscriber {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.nextID++
	s := &Subscriber{id: b.nextID, topic: topic, ch: make(chan Message), done: make(chan struct{})}
	b.subs[topic] = append(b.subs[topic], s)
	return s
}

func (b *Bus) Unsubscribe(s *Subscriber) {
	b.mu.Lock()
	defer b.mu.Unlock()
	list := b.subs[s.topic]
	for i, cur := range list {
		if cur.id == s.id {
			b.subs[s.topic] = append(list[:i:i], list[i+1:]...)
			close(s.done)
			return
		}
	}
}

func (b *Bus) Publish(m Message) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.published++
	for _, s := range b.subs[m.Topic] {
		select {
		case s.ch <- m:
		case <-s.done:
		}
	}
}

func (b *Bus) Published() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.published
}
