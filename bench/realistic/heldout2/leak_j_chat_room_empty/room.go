package main

import "fmt"

// message is one chat line posted to a room.
type message struct {
	from string
	text string
}

// client is a connected user; outbox is drained by the connection writer.
type client struct {
	name   string
	outbox chan message
}

// room serialises membership changes and fan-out on its own goroutine.
type room struct {
	name      string
	join      chan *client
	leave     chan *client
	broadcast chan message
	quit      chan struct{}
	members   map[string]*client
}

func newRoom(name string) *room {
	r := &room{
		name:      name,
		join:      make(chan *client),
		leave:     make(chan *client),
		broadcast: make(chan message),
		quit:      make(chan struct{}),
		members:   make(map[string]*client),
	}
	go r.run()
	return r
}

func (r *room) run() {
	for {
		select {
		case c := <-r.join:
			r.members[c.name] = c
		case c := <-r.leave:
			delete(r.members, c.name)
		case m := <-r.broadcast:
			for _, c := range r.members {
				select {
				case c.outbox <- m:
				default:
					fmt.Printf("room %s: dropping message for slow client %s\n", r.name, c.name)
				}
			}
		case <-r.quit:
			return
		}
	}
}

func (r *room) close() {
	close(r.quit)
}
