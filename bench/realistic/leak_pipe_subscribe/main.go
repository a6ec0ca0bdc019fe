// Log shipper that fans lines out through a Hub to an archiver and a one-shot alert rule. Leak: the alert goroutine returns after its first match without unsubscribing, so Hub.run blocks forever delivering to the abandoned subscription and the archiver never sees its channel closed.
package main

import (
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"realistic/internal/leakprobe"
)

// alertOn pages once on the first line that contains pattern.
func alertOn(h *Hub, pattern string, page func(string)) {
	lines, unsubscribe := h.Subscribe(8)
	go func() {
		for l := range lines {
			if strings.Contains(l, pattern) {
				page(l)
				return
			}
		}
		unsubscribe()
	}()
}

// archive writes every line to the archive and reports the count when the
// hub shuts down.
func archive(h *Hub) <-chan int {
	lines, _ := h.Subscribe(64)
	count := make(chan int, 1)
	go func() {
		var sb strings.Builder
		n := 0
		for l := range lines {
			sb.WriteString(l)
			sb.WriteByte('\n')
			n++
		}
		count <- n
	}()
	return count
}

func main() {
	logger := log.New(os.Stderr, "shipper: ", 0)
	hub := NewHub(128)

	paged := make(chan string, 1)
	alertOn(hub, "FATAL", func(l string) {
		select {
		case paged <- l:
		default:
		}
	})
	archived := archive(hub)

	for i := 1; i <= 60; i++ {
		level := "INFO"
		switch {
		case i == 12:
			level = "FATAL"
		case i%7 == 0:
			level = "WARN"
		}
		hub.Publish(fmt.Sprintf("2024-06-01T10:%02d:00Z %s api-7f9c request handled seq=%d", i%60, level, i))
	}
	hub.Close()

	select {
	case l := <-paged:
		logger.Printf("paged on-call: %s", l)
	case <-time.After(50 * time.Millisecond):
		logger.Printf("no page sent")
	}
	select {
	case n := <-archived:
		logger.Printf("archived %d lines", n)
	case <-time.After(50 * time.Millisecond):
		logger.Printf("archiver did not finish in time")
	}

	leakprobe.Done()
}
