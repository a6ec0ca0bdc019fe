// Order-tracking service pushing bus events to watching clients. Leak: Watch subscribes and starts the forwarder before validating the order id, and the unknown-order error path returns without Unsubscribe, so that forwarder ranges over a channel nobody closes.
package main

import (
	"fmt"
	"log"
	"strings"
	"sync"

	"realistic/internal/leakprobe"
	"realistic/leak_sys_bus_unsubscribe/bus"
)

// client stands in for a websocket connection to a browser.
type client struct {
	id string

	mu      sync.Mutex
	frames  []string
	onClose func()
}

func (c *client) send(frame string) {
	c.mu.Lock()
	c.frames = append(c.frames, frame)
	c.mu.Unlock()
}

func (c *client) disconnect() {
	c.mu.Lock()
	fn := c.onClose
	c.onClose = nil
	c.mu.Unlock()
	if fn != nil {
		fn()
	}
}

func (c *client) received() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.frames...)
}

type trackingServer struct {
	bus    *bus.Bus
	orders map[string]string // order id -> owner
}

func orderTopic(id string) string { return "order." + id }

// Watch streams the updates of order id to c until c disconnects.
func (s *trackingServer) Watch(c *client, id string) error {
	sub := s.bus.Subscribe(orderTopic(id), 16)
	done := make(chan struct{})
	go s.forward(c, sub, done)

	owner, ok := s.orders[id]
	if !ok {
		return fmt.Errorf("watch %s: unknown order", id)
	}
	if owner != c.id {
		sub.Unsubscribe()
		return fmt.Errorf("watch %s: order belongs to another account", id)
	}
	c.mu.Lock()
	c.onClose = func() {
		sub.Unsubscribe()
		<-done // let the forwarder flush what was already queued
	}
	c.mu.Unlock()
	return nil
}

func (s *trackingServer) forward(c *client, sub *bus.Subscription, done chan<- struct{}) {
	defer close(done)
	for ev := range sub.C {
		c.send(fmt.Sprintf("%s:%s", ev.Kind, ev.Payload))
	}
}

func main() {
	srv := &trackingServer{
		bus: bus.New(),
		orders: map[string]string{
			"A100": "alice",
			"B200": "bob",
		},
	}

	alice := &client{id: "alice"}
	bob := &client{id: "bob"}

	requests := []struct {
		c  *client
		id string
	}{
		{alice, "A100"},
		{bob, "B200"},
		{bob, "A100"},   // not bob's order
		{alice, "Z999"}, // typo in the tracking link
	}
	for _, r := range requests {
		if err := srv.Watch(r.c, r.id); err != nil {
			log.Printf("client %s: %v", r.c.id, err)
		}
	}

	srv.bus.Publish(bus.Event{Topic: orderTopic("A100"), Kind: "status", Payload: "packed"})
	srv.bus.Publish(bus.Event{Topic: orderTopic("B200"), Kind: "status", Payload: "shipped"})
	srv.bus.Publish(bus.Event{Topic: orderTopic("A100"), Kind: "status", Payload: "shipped"})

	alice.disconnect()
	bob.disconnect()

	fmt.Println("alice:", strings.Join(alice.received(), ", "))
	fmt.Println("bob:", strings.Join(bob.received(), ", "))
	fmt.Println("dropped:", srv.bus.Dropped())

	leakprobe.Done()
}
