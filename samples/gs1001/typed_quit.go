package gs1001

import (
	"strings"
	"time"
)

type endOfScan struct{}

// ScanCounts receives counts until the end marker: every count is an int, which never
// takes the marker's way out, so the parent leaves only after the last send.
func ScanCounts(n int) []int {
	results := make(chan interface{})
	go func() { // ok: the parent returns only on endOfScan, the last value sent
		for i := 0; i < n; i++ {
			results <- i
		}
		results <- endOfScan{}
	}()
	var out []int
	for {
		v := <-results
		if _, ok := v.(endOfScan); ok {
			return out
		}
		out = append(out, v.(int))
	}
}

// ScanNames does the same with a type switch over names ranged from a slice.
func ScanNames(names []string) []string {
	results := make(chan interface{})
	go func() { // ok: a string never takes the endOfScan case
		for _, name := range names {
			results <- name
		}
		results <- endOfScan{}
	}()
	var out []string
	for {
		switch v := (<-results).(type) {
		case endOfScan:
			return out
		case string:
			out = append(out, v)
		}
	}
}

// ScanWithDeadline also gives up on a timeout: the scanner is left sending.
func ScanWithDeadline(n int, d time.Duration) []int {
	results := make(chan interface{})
	go func() { // want `GS1001: goroutine blocks forever sending on "results" when ScanWithDeadline returns`
		for i := 0; i < n; i++ {
			results <- i
		}
		results <- endOfScan{}
	}()
	var out []int
	for {
		select {
		case v := <-results:
			if _, ok := v.(endOfScan); ok {
				return out
			}
			out = append(out, v.(int))
		case <-time.After(d):
			return nil
		}
	}
}

// CountWords ends with an empty word, and sends only words that are not empty.
func CountWords(words []string) int {
	ch := make(chan string)
	go func() { // ok: every other word sent was tested not to be the empty end marker
		for _, w := range words {
			if w != "" {
				ch <- w
			}
		}
		ch <- ""
	}()
	n := 0
	for {
		w := <-ch
		if w == "" {
			break
		}
		n++
	}
	return n
}

// CountTrimmed trims the word after the test: it may be empty by the time it is sent.
func CountTrimmed(words []string) int {
	ch := make(chan string)
	go func() { // want `GS1001: goroutine blocks forever sending on "ch" when CountTrimmed returns`
		for _, w := range words {
			if w != "" {
				w = strings.TrimSpace(w)
				ch <- w
			}
		}
		ch <- ""
	}()
	n := 0
	for {
		w := <-ch
		if w == "" {
			break
		}
		n++
	}
	return n
}
