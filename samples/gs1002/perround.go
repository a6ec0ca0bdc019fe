package gs1002

import (
	"log"
	"time"
)

func lookup(key string) string {
	time.Sleep(time.Millisecond)
	return key
}

// lookupEach gives every request its own buffered channel: the one send of each round's
// goroutine always fits, whichever case of the select the round takes.
func lookupEach(keys []string) {
	for _, k := range keys {
		done := make(chan string, 1)
		// No GS1002: one send per round, into that round's buffer of 1. (A goroutine per
		// key of the caller's slice is still a hint.)
		go func() { done <- lookup(k) }() // want "GS4002"
		select {
		case v := <-done:
			log.Println(v)
		case <-time.After(10 * time.Millisecond):
			log.Println("gave up on", k)
		}
	}
}

var _ = lookupEach
