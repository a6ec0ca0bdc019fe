// Deploy-notification bot that fans a webhook event out to subscribed chat users through a delivery goroutine with per-user rate limits. Leak: Notify holds the mutex while sending on the queue, and the delivery goroutine needs that mutex after each receive, so both block forever.
package main

import (
	"fmt"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type Notification struct {
	User string
	Text string
}

// Outbox is the chat API client.
type Outbox struct {
	mu   sync.Mutex
	sent []Notification
}

func (o *Outbox) Post(n Notification) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, n)
}

type Notifier struct {
	mu          sync.Mutex
	subscribers map[string][]string
	perUser     map[string]int
	limit       int
	queue       chan Notification
}

func NewNotifier(limit int) *Notifier {
	return &Notifier{
		subscribers: make(map[string][]string),
		perUser:     make(map[string]int),
		limit:       limit,
		queue:       make(chan Notification),
	}
}

func (n *Notifier) Subscribe(topic, user string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.subscribers[topic] = append(n.subscribers[topic], user)
}

// Notify queues the text for every subscriber of topic that is under its
// rate limit and reports how many were queued.
func (n *Notifier) Notify(topic, text string) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	queued := 0
	for _, user := range n.subscribers[topic] {
		if n.perUser[user] >= n.limit {
			continue
		}
		n.queue <- Notification{User: user, Text: text}
		queued++
	}
	return queued
}

// Run delivers queued notifications and accounts them against the limit.
func (n *Notifier) Run(out *Outbox) {
	for note := range n.queue {
		n.mu.Lock()
		n.perUser[note.User]++
		n.mu.Unlock()
		out.Post(note)
	}
}

func main() {
	n := NewNotifier(10)
	out := &Outbox{}
	go n.Run(out)

	n.Subscribe("deploys", "@oncall-payments")
	n.Subscribe("deploys", "@mira")
	n.Subscribe("incidents", "@oncall-payments")

	// POST /hooks/deploy, handled on its own goroutine like any HTTP request.
	handled := make(chan int, 1)
	go func() {
		handled <- n.Notify("deploys", "payments-api v2.14.0 rolled out to prod-eu")
	}()

	select {
	case q := <-handled:
		fmt.Printf("webhook: %d notification(s) queued\n", q)
	case <-time.After(100 * time.Millisecond):
		fmt.Println("webhook: handler timed out")
	}

	leakprobe.Done()
}
