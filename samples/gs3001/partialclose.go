package gs3001

import (
	"errors"
	"strings"
)

// splitInto sends every non-empty field and closes out, but gives up on an empty one first.
func splitInto(s string, out chan<- string) error {
	for _, f := range strings.Split(s, ",") {
		if f == "" {
			return errors.New("empty field")
		}
		out <- f
	}
	close(out)
	return nil
}

// countInto counts what it receives until the channel is closed.
func countInto(in <-chan string, n chan<- int) {
	c := 0
	for range in {
		c++
	}
	n <- c
}

// CountFields counts the fields of s in a goroutine while splitInto feeds it.
func CountFields(s string) (int, error) {
	fields := make(chan string)
	n := make(chan int, 1)
	go countInto(fields, n) // want `GS3001: range over "fields" never ends when splitInto returns without closing it`
	if err := splitInto(s, fields); err != nil {
		return 0, err
	}
	return <-n, nil
}

// splitAllInto closes out on every path.
func splitAllInto(s string, out chan<- string) error {
	defer close(out)
	for _, f := range strings.Split(s, ",") {
		if f == "" {
			return errors.New("empty field")
		}
		out <- f
	}
	return nil
}

// CountAll is CountFields with a producer that always closes.
func CountAll(s string) (int, error) {
	fields := make(chan string)
	n := make(chan int, 1)
	go countInto(fields, n) // ok: splitAllInto closes the channel on every path
	if err := splitAllInto(s, fields); err != nil {
		return 0, err
	}
	return <-n, nil
}
