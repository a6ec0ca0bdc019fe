// Package bus is a small in-process topic bus used to push order updates to
// connected clients.
package bus

import (
	"sync"
	"sync/atomic"
)

// Event is a single message published on a topic.
type Event struct {
	Topic   string
	Kind    string
	Payload string
}

// Subscription receives the events of one topic on C until it is
// unsubscribed, at which point C is closed.
type Subscription struct {
	C <-chan Event

	ch    chan Event
	topic string
	bus   *Bus
	once  sync.Once
}

// Unsubscribe detaches the subscription from the bus and closes C.
// It is safe to call more than once.
func (s *Subscription) Unsubscribe() {
	s.once.Do(func() { s.bus.remove(s) })
}

// Bus fans events out to the subscribers of a topic. Slow subscribers whose
// buffer is full lose events rather than stalling publishers.
type Bus struct {
	mu      sync.RWMutex
	subs    map[string][]*Subscription
	dropped atomic.Int64
}

// New returns an empty bus.
func New() *Bus {
	return &Bus{subs: make(map[string][]*Subscription)}
}

// Subscribe registers interest in topic. buf is the per-subscriber buffer.
func (b *Bus) Subscribe(topic string, buf int) *Subscription {
	ch := make(chan Event, buf)
	s := &Subscription{C: ch, ch: ch, topic: topic, bus: b}
	b.mu.Lock()
	b.subs[topic] = append(b.subs[topic], s)
	b.mu.Unlock()
	return s
}

// Publish delivers ev to every current subscriber of ev.Topic and reports how
// many received it.
func (b *Bus) Publish(ev Event) int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	delivered := 0
	for _, s := range b.subs[ev.Topic] {
		select {
		case s.ch <- ev:
			delivered++
		default:
			b.dropped.Add(1)
		}
	}
	return delivered
}

// Subscribers reports the number of live subscriptions on topic.
func (b *Bus) Subscribers(topic string) int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return len(b.subs[topic])
}

// Dropped reports how many events were discarded because a subscriber was full.
func (b *Bus) Dropped() int64 { return b.dropped.Load() }

func (b *Bus) remove(s *Subscription) {
	b.mu.Lock()
	defer b.mu.Unlock()
	list := b.subs[s.topic]
	for i, cur := range list {
		if cur == s {
			list = append(list[:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(b.subs, s.topic)
	} else {
		b.subs[s.topic] = list
	}
	close(s.ch)
}
