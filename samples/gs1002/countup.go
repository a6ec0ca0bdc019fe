package gs1002

import "strings"

// Shout upper-cases every word in its own goroutine and stops receiving once it has one
// result per word: the exit counts up to the number of goroutines.
func Shout(text string) []string {
	words := strings.Fields(text)
	ch := make(chan string)
	for _, w := range words {
		go func() { // ok: the loop leaves only once len(out) == len(words)
			ch <- strings.ToUpper(w)
		}()
	}
	var out []string
	for {
		out = append(out, <-ch)
		if len(out) == len(words) {
			return out
		}
	}
}

// Tally counts the answers with a counter and breaks out once all are in.
func Tally(text string) int {
	words := strings.Fields(text)
	ch := make(chan int)
	for _, w := range words {
		go func() { // ok: the loop breaks only once n == len(words)
			ch <- len(w)
		}()
	}
	n, total := 0, 0
	for {
		total += <-ch
		n++
		if n == len(words) {
			break
		}
	}
	return total
}

// FirstTwo keeps two answers whatever the number of words: the others block forever.
func FirstTwo(text string) []string {
	words := strings.Fields(text)
	ch := make(chan string)
	for _, w := range words {
		go func() { // want `GS1002: more sends on "ch" than receives: one goroutine per loop iteration sends but FirstTwo stops receiving after a fixed count`
			ch <- strings.ToUpper(w)
		}()
	}
	var out []string
	for {
		out = append(out, <-ch)
		if len(out) == 2 {
			return out
		}
	}
}
