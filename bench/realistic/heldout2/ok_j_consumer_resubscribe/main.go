// Message consumer that runs one pump goroutine per topic subscription, each stopped by cancelling its context; Resubscribe stops the old subscription before starting the new one.
package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"realistic/internal/leakprobe"
)

type delivery struct {
	topic   string
	offset  int64
	payload []byte
}

type handlerFunc func(d delivery) error

type subscription struct {
	topic      string
	handler    handlerFunc
	deliveries chan delivery
	cancel     context.CancelFunc
	done       chan struct{}
}

func (s *subscription) pump(ctx context.Context) {
	defer close(s.done)
	for {
		select {
		case d := <-s.deliveries:
			if err := s.handler(d); err != nil {
				fmt.Printf("%s@%d: %v\n", d.topic, d.offset, err)
			}
		case <-ctx.Done():
			return
		}
	}
}

// consumer fans deliveries from the broker connection out to subscriptions.
type consumer struct {
	mu   sync.Mutex
	subs map[string]*subscription
}

func newConsumer() *consumer {
	return &consumer{subs: make(map[string]*subscription)}
}

func (c *consumer) Subscribe(topic string, h handlerFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	s := &subscription{
		topic:      topic,
		handler:    h,
		deliveries: make(chan delivery),
		cancel:     cancel,
		done:       make(chan struct{}),
	}
	c.mu.Lock()
	c.subs[topic] = s
	c.mu.Unlock()
	go s.pump(ctx)
}

// Resubscribe replaces the handler of a topic, e.g. after a schema upgrade.
func (c *consumer) Resubscribe(topic string, h handlerFunc) {
	c.mu.Lock()
	old, ok := c.subs[topic]
	delete(c.subs, topic)
	c.mu.Unlock()
	if ok {
		old.cancel()
		<-old.done
	}
	c.Subscribe(topic, h)
}

func (c *consumer) Dispatch(d delivery) error {
	c.mu.Lock()
	s, ok := c.subs[d.topic]
	c.mu.Unlock()
	if !ok {
		return fmt.Errorf("dispatch %s@%d: no subscription", d.topic, d.offset)
	}
	s.deliveries <- d
	return nil
}

func (c *consumer) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for topic, s := range c.subs {
		s.cancel()
		<-s.done
		delete(c.subs, topic)
	}
}

type orderStats struct {
	mu     sync.Mutex
	counts map[string]int
}

func (o *orderStats) record(version string) handlerFunc {
	return func(d delivery) error {
		if !strings.HasPrefix(string(d.payload), "{") {
			return fmt.Errorf("payload is not JSON")
		}
		o.mu.Lock()
		o.counts[version]++
		o.mu.Unlock()
		return nil
	}
}

func main() {
	stats := &orderStats{counts: make(map[string]int)}
	c := newConsumer()
	c.Subscribe("orders.created", stats.record("v1"))
	c.Subscribe("orders.refunded", stats.record("v1-refund"))

	var offset int64
	send := func(topic, payload string) {
		offset++
		if err := c.Dispatch(delivery{topic: topic, offset: offset, payload: []byte(payload)}); err != nil {
			fmt.Println(err)
		}
	}
	send("orders.created", `{"id":1}`)
	send("orders.refunded", `{"id":1}`)

	c.Resubscribe("orders.created", stats.record("v2"))
	send("orders.created", `{"id":2}`)
	send("orders.created", `{"id":3}`)
	send("orders.shipped", `{"id":1}`)

	c.Close()

	stats.mu.Lock()
	versions := make([]string, 0, len(stats.counts))
	for v := range stats.counts {
		versions = append(versions, v)
	}
	sort.Strings(versions)
	for _, v := range versions {
		fmt.Printf("handled by %s: %d\n", v, stats.counts[v])
	}
	stats.mu.Unlock()

	leakprobe.Done()
}
