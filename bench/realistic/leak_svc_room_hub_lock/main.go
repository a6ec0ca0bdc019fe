// Chat room hub that fans batches of messages out to per-member writer goroutines, which render join notices with the current online count. Leak: the hub holds the room mutex while sending a batch, and a writer that got the join notice calls Online, which needs the same mutex, so the hub and every writer block forever.
package main

import (
	"fmt"
	"strings"
	"sync"

	"realistic/internal/leakprobe"
)

type Message struct {
	Kind string // "join", "leave", "text"
	From string
	Text string
}

type member struct {
	name  string
	inbox chan Message
	room  *Room

	mu    sync.Mutex
	lines []string
}

func (m *member) write(line string) {
	m.mu.Lock()
	m.lines = append(m.lines, line)
	m.mu.Unlock()
}

// writeLoop renders messages for one websocket connection.
func (m *member) writeLoop() {
	for msg := range m.inbox {
		switch msg.Kind {
		case "join":
			m.write(fmt.Sprintf("* %s joined (%d online)", msg.From, m.room.Online()))
		case "leave":
			m.write(fmt.Sprintf("* %s left", msg.From))
		default:
			m.write(fmt.Sprintf("<%s> %s", msg.From, msg.Text))
		}
	}
}

type Room struct {
	name    string
	mu      sync.Mutex
	members map[string]*member
	posts   chan []Message
}

func NewRoom(name string) *Room {
	r := &Room{name: name, members: make(map[string]*member), posts: make(chan []Message, 16)}
	go r.run()
	return r
}

func (r *Room) Join(name string) *member {
	m := &member{name: name, inbox: make(chan Message), room: r}
	r.mu.Lock()
	r.members[name] = m
	r.mu.Unlock()
	go m.writeLoop()
	return m
}

func (r *Room) Online() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.members)
}

// Post queues a batch that is delivered to every member in order.
func (r *Room) Post(batch ...Message) { r.posts <- batch }

func (r *Room) Close() { close(r.posts) }

func (r *Room) run() {
	for batch := range r.posts {
		r.deliver(batch)
	}
	r.mu.Lock()
	for _, m := range r.members {
		close(m.inbox)
	}
	r.mu.Unlock()
}

func (r *Room) deliver(batch []Message) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, msg := range batch {
		for _, m := range r.members {
			m.inbox <- msg
		}
	}
}

func main() {
	room := NewRoom("#incident-4412")
	alice := room.Join("alice")
	bob := room.Join("bob")

	// A bridged Slack user shows up and immediately says something; the
	// bridge posts both events as one batch.
	room.Post(
		Message{Kind: "join", From: "carol@slack"},
		Message{Kind: "text", From: "carol@slack", Text: "db failover done, checking replicas"},
	)
	room.Close()

	for _, m := range []*member{alice, bob} {
		m.mu.Lock()
		fmt.Printf("%s sees: %s\n", m.name, strings.Join(m.lines, " | "))
		m.mu.Unlock()
	}
	leakprobe.Done()
}
