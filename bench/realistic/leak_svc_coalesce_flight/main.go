// Avatar service that coalesces concurrent thumbnail requests for the same user into one origin fetch with a hand-written singleflight group. Leak: when the origin fetch fails the leader returns without marking the call done, so every request that joined it waits on the WaitGroup forever.
package main

import (
	"errors"
	"fmt"
	"log"
	"sort"
	"time"

	"realistic/internal/leakprobe"
	"realistic/leak_svc_coalesce_flight/flight"
)

var errOrigin = errors.New("origin: 503 service unavailable")

type origin struct {
	latency time.Duration
	down    map[string]bool
}

func (o *origin) fetch(userID string) ([]byte, error) {
	time.Sleep(o.latency)
	if o.down[userID] {
		return nil, fmt.Errorf("fetch avatar %s: %w", userID, errOrigin)
	}
	return []byte("PNG:" + userID), nil
}

type AvatarService struct {
	origin *origin
	group  flight.Group[[]byte]
}

func (s *AvatarService) Thumbnail(userID string) ([]byte, error) {
	img, _, err := s.group.Do("thumb:"+userID, func() ([]byte, error) {
		return s.origin.fetch(userID)
	})
	return img, err
}

type result struct {
	user string
	size int
	err  error
}

func main() {
	svc := &AvatarService{origin: &origin{
		latency: 30 * time.Millisecond,
		down:    map[string]bool{"u-7": true}, // object lost in the blob store
	}}

	// A team page renders: many tiles request the same few avatars at once.
	users := []string{"u-1", "u-7", "u-1", "u-7", "u-2", "u-7", "u-7"}
	out := make(chan result, len(users))
	for _, u := range users {
		go func() {
			img, err := svc.Thumbnail(u)
			out <- result{user: u, size: len(img), err: err}
		}()
	}

	var lines []string
	timeout := time.After(120 * time.Millisecond)
collect:
	for range users {
		select {
		case r := <-out:
			if r.err != nil {
				lines = append(lines, fmt.Sprintf("%s: error: %v", r.user, r.err))
				continue
			}
			lines = append(lines, fmt.Sprintf("%s: %d bytes", r.user, r.size))
		case <-timeout:
			log.Printf("some thumbnails did not render in time")
			break collect
		}
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
	leakprobe.Done()
}
