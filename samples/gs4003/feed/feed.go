// Package feed is a topic feed for the GS4003 samples: a subscription's channel is closed
// only by its Cancel, and the feed never cancels the subscriptions it keeps.
package feed

import "sync"

// Update is one message of a topic.
type Update struct {
	Topic string
	Body  string
}

// Sub receives a topic's updates on C until Cancel closes it.
type Sub struct {
	C <-chan Update

	ch    chan Update
	topic string
	feed  *Feed
	once  sync.Once
}

// Cancel detaches the subscription and closes C.
func (s *Sub) Cancel() { s.once.Do(func() { s.feed.drop(s) }) }

// Topic names the subscription's topic.
func (s *Sub) Topic() string { return s.topic }

// Feed fans updates out to subscribers, dropping them for a subscriber whose buffer is full.
type Feed struct {
	mu   sync.Mutex
	subs map[*Sub]bool
}

// New returns an empty feed.
func New() *Feed { return &Feed{subs: make(map[*Sub]bool)} }

// Subscribe registers a subscription with a buffer of n updates.
func (f *Feed) Subscribe(topic string, n int) *Sub {
	ch := make(chan Update, n)
	s := &Sub{C: ch, ch: ch, topic: topic, feed: f}
	f.mu.Lock()
	f.subs[s] = true
	f.mu.Unlock()
	return s
}

// Publish sends u to every subscriber of its topic that has room.
func (f *Feed) Publish(u Update) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.subs {
		if s.topic != u.Topic {
			continue
		}
		select {
		case s.ch <- u:
		default:
		}
	}
}

func (f *Feed) drop(s *Sub) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.subs, s)
	close(s.ch)
}
