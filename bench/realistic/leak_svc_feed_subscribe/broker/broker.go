// Package broker is the in-process event bus behind the order-tracking feed.
package broker

import (
	"sync"
)

type Event struct {
	Topic   string
	OrderID string
	Status  string
}

type Subscription struct {
	C     <-chan Event
	c     chan Event
	topic string
	done  chan struct{}
	once  sync.Once
	b     *Broker
}

// Unsubscribe detaches the subscription; pending deliveries to it are dropped.
func (s *Subscription) Unsubscribe() {
	s.once.Do(func() {
		s.b.mu.Lock()
		delete(s.b.subs[s.topic], s)
		s.b.mu.Unlock()
		close(s.done)
	})
}

type Broker struct {
	mu   sync.Mutex
	subs map[string]map[*Subscription]struct{}
	in   chan Event
	done chan struct{}
}

func New() *Broker {
	b := &Broker{
		subs: make(map[string]map[*Subscription]struct{}),
		in:   make(chan Event, 64),
		done: make(chan struct{}),
	}
	go b.dispatch()
	return b
}

func (b *Broker) Subscribe(topic string) *Subscription {
	c := make(chan Event, 4)
	s := &Subscription{C: c, c: c, topic: topic, done: make(chan struct{}), b: b}
	b.mu.Lock()
	if b.subs[topic] == nil {
		b.subs[topic] = make(map[*Subscription]struct{})
	}
	b.subs[topic][s] = struct{}{}
	b.mu.Unlock()
	return s
}

func (b *Broker) Publish(ev Event) { b.in <- ev }

// Close stops accepting events; events already published are still delivered.
func (b *Broker) Close() { close(b.in) }

func (b *Broker) snapshot(topic string) []*Subscription {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]*Subscription, 0, len(b.subs[topic]))
	for s := range b.subs[topic] {
		out = append(out, s)
	}
	return out
}

func (b *Broker) dispatch() {
	defer close(b.done)
	for ev := range b.in {
		for _, s := range b.snapshot(ev.Topic) {
			select {
			case s.c <- ev:
			case <-s.done:
			}
		}
	}
}
