// Raft-style candidate that requests votes from its peers: the WaitGroup is sized for every member of the cluster but the candidate skips itself, so the goroutine that closes the vote channel waits forever.
package main

import (
	"fmt"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

// Member is one node of the cluster.
type Member struct {
	ID       string
	LastTerm int
	Latency  time.Duration
}

type vote struct {
	from    string
	granted bool
}

func requestVote(m Member, term int) vote {
	time.Sleep(m.Latency)
	return vote{from: m.ID, granted: m.LastTerm < term}
}

// campaign asks every other member for a vote in term and reports whether a majority granted it.
func campaign(self string, members []Member, term int, timeout time.Duration) (bool, error) {
	votes := make(chan vote, len(members))
	var wg sync.WaitGroup
	wg.Add(len(members))
	for _, m := range members {
		if m.ID == self {
			continue
		}
		go func(m Member) {
			defer wg.Done()
			votes <- requestVote(m, term)
		}(m)
	}
	go func() {
		wg.Wait()
		close(votes)
	}()

	granted := 1 // our own vote
	deadline := time.After(timeout)
	for {
		select {
		case v, ok := <-votes:
			if !ok {
				return granted > len(members)/2, nil
			}
			if v.granted {
				granted++
			}
		case <-deadline:
			return granted > len(members)/2, fmt.Errorf("term %d: election timed out with %d votes", term, granted)
		}
	}
}

func main() {
	members := []Member{
		{ID: "n1", LastTerm: 6},
		{ID: "n2", LastTerm: 6, Latency: 5 * time.Millisecond},
		{ID: "n3", LastTerm: 7, Latency: 8 * time.Millisecond},
		{ID: "n4", LastTerm: 5, Latency: 3 * time.Millisecond},
		{ID: "n5", LastTerm: 6, Latency: 12 * time.Millisecond},
	}
	won, err := campaign("n1", members, 7, 150*time.Millisecond)
	if err != nil {
		fmt.Println(err)
	}
	fmt.Println("n1 leader:", won)
	leakprobe.Done()
}
