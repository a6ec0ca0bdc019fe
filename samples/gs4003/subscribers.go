package gs4003

import (
	"errors"
	"fmt"

	"gostuck.dev/samples/gs4003/broadcast"
	"gostuck.dev/samples/gs4003/feed"
)

var errUnknown = errors.New("unknown topic")

type topicWatcher struct {
	feed   *feed.Feed
	relay  *broadcast.Relay
	known  map[string]bool
	closer map[string]func()
	out    []string
}

func (w *topicWatcher) print(sub *feed.Sub) {
	for u := range sub.C {
		w.out = append(w.out, u.Body)
	}
}

// Watch starts the printer before it checks the topic, and the unknown-topic return
// neither cancels the subscription nor hands it to anyone who could.
func (w *topicWatcher) Watch(topic string) error {
	sub := w.feed.Subscribe(topic, 8)
	go w.print(sub) // want `GS4003: goroutine runs until Cancel is called on the Sub sub; Watch can return without`
	if !w.known[topic] {
		return fmt.Errorf("watch %s: %w", topic, errUnknown)
	}
	w.closer[topic] = sub.Cancel
	return nil
}

// WatchChecked checks the topic first: every subscription it starts a printer for is
// handed to the closer map (a method value: whoever calls it cancels).
func (w *topicWatcher) WatchChecked(topic string) error {
	if !w.known[topic] {
		return fmt.Errorf("watch %s: %w", topic, errUnknown)
	}
	sub := w.feed.Subscribe(topic, 8)
	go w.print(sub) // ok: every path hands the subscription on
	w.closer[topic] = sub.Cancel
	return nil
}

// WatchCancelled cancels on the error path and hands it on in a literal on the other.
func (w *topicWatcher) WatchCancelled(topic string) error {
	sub := w.feed.Subscribe(topic, 8)
	go w.print(sub) // ok: the error path cancels, the other path hands it to a literal
	if !w.known[topic] {
		sub.Cancel()
		return fmt.Errorf("watch %s: %w", topic, errUnknown)
	}
	w.closer[topic] = func() { sub.Cancel() }
	return nil
}

// Peek reads the topic name only, and cancels on every path with a defer.
func (w *topicWatcher) Peek(topic string) string {
	sub := w.feed.Subscribe(topic, 8)
	defer sub.Cancel()
	go w.print(sub) // ok: the deferred Cancel runs on every return
	return sub.Topic()
}

func (w *topicWatcher) printRelay(sub *broadcast.Sub) {
	for s := range sub.C {
		w.out = append(w.out, s)
	}
}

// WatchRelay drops its subscription on the error path too, but the relay keeps it and
// cancels it when the relay is closed.
func (w *topicWatcher) WatchRelay(topic string) error {
	sub := w.relay.Subscribe()
	go w.printRelay(sub) // ok: the relay's Close cancels every subscription it keeps
	if !w.known[topic] {
		return errUnknown
	}
	w.closer[topic] = sub.Cancel
	return nil
}

// RunWatchers watches many topics: Watch runs once per topic.
func RunWatchers(f *feed.Feed, r *broadcast.Relay, topics []string) {
	w := &topicWatcher{feed: f, relay: r, known: map[string]bool{}, closer: map[string]func(){}}
	for _, t := range topics {
		_ = w.Watch(t)
		_ = w.WatchChecked(t)
		_ = w.WatchCancelled(t)
		_ = w.Peek(t)
		_ = w.WatchRelay(t)
	}
}
