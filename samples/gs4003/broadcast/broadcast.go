// Package broadcast is a feed that closes every subscription it keeps on Close: a subscriber
// that drops its subscription is still released by the feed's owner.
package broadcast

import "sync"

// Sub receives updates on C until it is cancelled or the relay closes.
type Sub struct {
	C <-chan string

	ch    chan string
	relay *Relay
	once  sync.Once
}

// Cancel detaches the subscription and closes C.
func (s *Sub) Cancel() { s.once.Do(func() { s.relay.drop(s) }) }

// Relay keeps its subscriptions until Close.
type Relay struct {
	mu   sync.Mutex
	subs map[*Sub]bool
}

// New returns an empty relay.
func New() *Relay { return &Relay{subs: make(map[*Sub]bool)} }

// Subscribe registers a subscription.
func (r *Relay) Subscribe() *Sub {
	ch := make(chan string, 1)
	s := &Sub{C: ch, ch: ch, relay: r}
	r.mu.Lock()
	r.subs[s] = true
	r.mu.Unlock()
	return s
}

// Close cancels every subscription the relay still keeps.
func (r *Relay) Close() {
	r.mu.Lock()
	subs := r.subs
	r.subs = map[*Sub]bool{}
	r.mu.Unlock()
	for s := range subs {
		s.Cancel()
	}
}

func (r *Relay) drop(s *Sub) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.subs, s)
	close(s.ch)
}
