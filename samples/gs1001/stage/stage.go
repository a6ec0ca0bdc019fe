// Package stage has pipeline stages another package of the module runs.
package stage

import (
	"strings"
	"unicode"
)

// Each streams the items one by one and closes the channel after the last.
func Each[T any](items []T) <-chan T {
	out := make(chan T)
	go func() { // want `GS1001: goroutine blocks forever sending on "out" when FirstEmpty stops ranging over it and returns before the channel is closed`
		defer close(out)
		for _, it := range items {
			out <- it
		}
	}()
	return out
}

// Apply sends fn of every value of in, then closes its channel.
func Apply[In, Out any](in <-chan In, fn func(In) Out) <-chan Out {
	out := make(chan Out)
	go func() { // ok: its only caller in the module reads it to the end
		defer close(out)
		for v := range in {
			out <- fn(v)
		}
	}()
	return out
}

// Pager lists pages of results.
type Pager struct {
	Pages [][]string
}

// Items streams every item of every page.
func (p *Pager) Items() <-chan string {
	out := make(chan string)
	go func() { // want `GS1001: goroutine blocks forever sending on "out" when Find returns without receiving`
		defer close(out)
		for _, page := range p.Pages {
			for _, it := range page {
				out <- it
			}
		}
	}()
	return out
}

// Count streams the number of items of each page.
func (p *Pager) Count() <-chan int {
	out := make(chan int)
	go func() { // ok: Total reads every count
		defer close(out)
		for _, page := range p.Pages {
			out <- len(page)
		}
	}()
	return out
}

// Words streams the words of a text, one send per word.
func Words(text []string) <-chan string {
	out := make(chan string)
	go func() { // want `GS1001: goroutine blocks forever sending on "out" once Upper's goroutine stops ranging over it: that stage blocks on its own send when HasStop stops reading it`
		defer close(out)
		for _, w := range text {
			out <- w
		}
	}()
	return out
}

// Upper sends each word of in in upper case.
func Upper(in <-chan string) <-chan string {
	out := make(chan string)
	go func() { // want `GS1001: goroutine blocks forever sending on "out" when HasStop stops ranging over it and returns before the channel is closed`
		defer close(out)
		for w := range in {
			out <- strings.ToUpper(w)
		}
	}()
	return out
}

// Letters streams the letters of s.
func Letters(s string) <-chan rune {
	out := make(chan rune)
	go func() { // ok: Lower reads every letter, and CountLetters reads all of Lower's
		defer close(out)
		for _, r := range s {
			out <- r
		}
	}()
	return out
}

// Lower sends each letter of in in lower case.
func Lower(in <-chan rune) <-chan rune {
	out := make(chan rune)
	go func() { // ok: CountLetters reads it to the end
		defer close(out)
		for r := range in {
			out <- unicode.ToLower(r)
		}
	}()
	return out
}
