// Package gs4001 holds samples for GS4001: a goroutine loops forever with no way out and is
// started on every call.
package gs4001

import (
	"context"
	"log"
	"time"
)

// Client polls a status endpoint.
type Client struct{ base string }

func (c *Client) refresh(id string) { log.Println("refresh", c.base, id) }

// Track starts a refresher per call that never stops.
func (c *Client) Track(ctx context.Context, id string) {
	go func() { // want `GS4001: goroutine never exits: its loop has no return or break, and it is started on every call of Track`
		for {
			c.refresh(id)
			time.Sleep(time.Second)
		}
	}()
	_ = ctx
}

// TrackAll starts one endless refresher per id.
func (c *Client) TrackAll(ids [3]string) {
	for _, id := range ids {
		go func() { // want "GS4001"
			for {
				c.refresh(id)
				time.Sleep(time.Second)
			}
		}()
	}
}

// TrackUntil stops when ctx is done.
func (c *Client) TrackUntil(ctx context.Context, id string) {
	go func() { // ok: the loop condition ends it
		for ctx.Err() == nil {
			c.refresh(id)
			time.Sleep(time.Second)
		}
	}()
}

// TrackBreak breaks out when told to.
func (c *Client) TrackBreak(id string, stop func() bool) {
	go func() { // ok: the loop breaks when stop says so
		for {
			if stop() {
				break
			}
			c.refresh(id)
		}
	}()
}

var defaultClient = &Client{base: "http://localhost"}

func init() {
	go func() { // ok: started once from init to live as long as the process
		for {
			defaultClient.refresh("all")
			time.Sleep(time.Minute)
		}
	}()
}
