package gs1001

import (
	"strings"

	"gostuck.dev/samples/gs1001/stage"
)

// words streams the words of s, one send per word.
func words(s string) <-chan string {
	out := make(chan string)
	go func() { // want `GS1001: goroutine blocks forever sending on "out" when firstLong stops ranging over it`
		defer close(out)
		for _, w := range strings.Fields(s) {
			out <- w
		}
	}()
	return out
}

// firstLong returns the first word longer than n: it stops reading there.
func firstLong(ws <-chan string, n int) string {
	for w := range ws {
		if len(w) > n {
			return w
		}
	}
	return ""
}

// LongWord finds the first long word of a sentence.
func LongWord(s string) string {
	ws := words(s)
	return firstLong(ws, 8)
}

// lines streams the lines of s until done is closed.
func lines(done <-chan struct{}, s string) <-chan string {
	out := make(chan string)
	go func() { // ok: each send gives up once done is closed
		defer close(out)
		for _, l := range strings.Split(s, "\n") {
			select {
			case out <- l:
			case <-done:
				return
			}
		}
	}()
	return out
}

// firstBlank stops at the first blank line.
func firstBlank(ls <-chan string) int {
	i := 0
	for l := range ls {
		if l == "" {
			break
		}
		i++
	}
	return i
}

// Header counts the header lines of a message, and releases the reader when done.
func Header(s string) int {
	done := make(chan struct{})
	defer close(done)
	return firstBlank(lines(done, s))
}

// letters streams the letters of s.
func letters(s string) <-chan rune {
	out := make(chan rune)
	go func() { // ok: count reads every letter
		defer close(out)
		for _, r := range s {
			out <- r
		}
	}()
	return out
}

// count reads until the channel is closed.
func count(rs <-chan rune) int {
	n := 0
	for range rs {
		n++
	}
	return n
}

// Letters counts the letters of s.
func Letters(s string) int { return count(letters(s)) }

// FirstEmpty ranges over a stage of another package and returns at the first empty name:
// the stage's goroutine is left with the rest of the items.
func FirstEmpty(names []string) int {
	for i := range stage.Each(names) {
		if i == "" {
			return 1
		}
	}
	return 0
}

// Lengths reads the other stage to its end.
func Lengths(names []string) int {
	total := 0
	for n := range stage.Apply(stringsOf(names), func(s string) int { return len(s) }) {
		if n == 0 {
			continue
		}
		total += n
	}
	return total
}

// stringsOf feeds a stage from a slice, read to the end by Apply.
func stringsOf(xs []string) <-chan string {
	out := make(chan string, len(xs))
	for _, x := range xs {
		out <- x
	}
	close(out)
	return out
}

// Catalog searches the items of a pager from another package.
type Catalog struct {
	pager *stage.Pager
}

// Find returns at the first match and abandons the pager's goroutine.
func (c *Catalog) Find(want string) bool {
	for it := range c.pager.Items() {
		if it == want {
			return true
		}
	}
	return false
}

// Total reads every page count.
func (c *Catalog) Total() int {
	n := 0
	for k := range c.pager.Count() {
		n += k
	}
	return n
}

// HasStop reads the upper-cased words until the first STOP: both stages are abandoned.
func HasStop(text []string) bool {
	for w := range stage.Upper(stage.Words(text)) {
		if w == "STOP" {
			return true
		}
	}
	return false
}

// CountLetters reads both stages to their end.
func CountLetters(s string) int {
	n := 0
	for range stage.Lower(stage.Letters(s)) {
		n++
	}
	return n
}
