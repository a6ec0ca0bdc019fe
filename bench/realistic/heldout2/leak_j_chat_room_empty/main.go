// Chat backend hub that runs one goroutine per room and closes a room when its last member leaves; a dropped connection removes the user from its rooms without closing the ones left empty, so those room goroutines wait in their select loop forever.
package main

import (
	"fmt"
	"sort"
	"sync"

	"realistic/internal/leakprobe"
)

// hub tracks rooms and who is in them.
type hub struct {
	mu      sync.Mutex
	rooms   map[string]*room
	members map[string]map[string]bool // room -> user names
}

func newHub() *hub {
	return &hub{rooms: make(map[string]*room), members: make(map[string]map[string]bool)}
}

func (h *hub) Join(roomName string, c *client) {
	h.mu.Lock()
	r, ok := h.rooms[roomName]
	if !ok {
		r = newRoom(roomName)
		h.rooms[roomName] = r
		h.members[roomName] = make(map[string]bool)
	}
	h.members[roomName][c.name] = true
	h.mu.Unlock()
	r.join <- c
}

func (h *hub) Post(roomName string, m message) error {
	h.mu.Lock()
	r, ok := h.rooms[roomName]
	h.mu.Unlock()
	if !ok {
		return fmt.Errorf("post to %s: no such room", roomName)
	}
	r.broadcast <- m
	return nil
}

// Leave is called when a user leaves a room from the UI.
func (h *hub) Leave(roomName string, c *client) {
	h.mu.Lock()
	r, ok := h.rooms[roomName]
	if !ok {
		h.mu.Unlock()
		return
	}
	delete(h.members[roomName], c.name)
	empty := len(h.members[roomName]) == 0
	if empty {
		delete(h.rooms, roomName)
		delete(h.members, roomName)
	}
	h.mu.Unlock()

	r.leave <- c
	if empty {
		r.close()
	}
}

// Disconnect is called when a client's connection drops.
func (h *hub) Disconnect(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for name, users := range h.members {
		if !users[c.name] {
			continue
		}
		delete(users, c.name)
		h.rooms[name].leave <- c
		if len(users) == 0 {
			delete(h.rooms, name)
			delete(h.members, name)
		}
	}
}

func (h *hub) RoomNames() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	names := make([]string, 0, len(h.rooms))
	for n := range h.rooms {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func main() {
	h := newHub()
	alice := &client{name: "alice", outbox: make(chan message, 8)}
	bob := &client{name: "bob", outbox: make(chan message, 8)}

	h.Join("lobby", alice)
	h.Join("lobby", bob)
	h.Join("raid-night", bob)
	h.Join("trading", alice)

	if err := h.Post("lobby", message{from: "alice", text: "gg"}); err != nil {
		fmt.Println(err)
	}
	if err := h.Post("raid-night", message{from: "bob", text: "starting at 9"}); err != nil {
		fmt.Println(err)
	}

	h.Leave("trading", alice)
	h.Leave("lobby", alice)
	h.Disconnect(bob)

	fmt.Println("rooms open:", h.RoomNames())
	fmt.Printf("alice got %d messages, bob got %d\n", len(alice.outbox), len(bob.outbox))

	leakprobe.Done()
}
