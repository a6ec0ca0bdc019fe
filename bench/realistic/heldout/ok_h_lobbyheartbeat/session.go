package main

import (
	"sync/atomic"
	"time"
)

// Conn is the player's transport; the game server writes pings to it.
type Conn struct {
	PlayerID string
	pings    atomic.Int64
}

func (c *Conn) WritePing() { c.pings.Add(1) }

// Session is a connected player. It pings the client periodically so the
// load balancer keeps the connection open.
type Session struct {
	conn *Conn
	quit chan struct{}
}

func NewSession(conn *Conn, every time.Duration) *Session {
	s := &Session{conn: conn, quit: make(chan struct{})}
	go s.heartbeat(every)
	return s
}

func (s *Session) heartbeat(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			s.conn.WritePing()
		case <-s.quit:
			return
		}
	}
}

// Close stops the heartbeat.
func (s *Session) Close() { close(s.quit) }
