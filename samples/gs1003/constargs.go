package gs1003

// lookup answers one key.
func lookup(k string) string { return k + "!" }

// firstOf starts one lookup per key and waits for the first answer; latecomers drop theirs.
func firstOf(keys []string) string {
	ch := make(chan string, 1)
	for _, k := range keys {
		go func() { // want "GS4002"
			select {
			case ch <- lookup(k):
			default:
			}
		}()
	}
	return <-ch
}

// FirstOfNone asks no keys at all: no lookup starts, and firstOf waits forever.
func FirstOfNone() {
	go func() { // want `GS1003: goroutine blocks forever receiving from "ch"`
		firstOf(nil)
	}()
}

// FirstOfSome asks one key: its lookup fills the buffer the receive reads.
func FirstOfSome() {
	go func() { // ok: the loop starts one sender
		firstOf([]string{"a"})
	}()
}

// drain waits for n values from n counters started here.
func drain(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() { ch <- i }() // want `GS1002: more sends on "ch"`
	}
	total := 0
	if n > 0 {
		total += <-ch
	}
	return total
}

// DrainNone passes zero: the receive is guarded by the same count, so nothing blocks.
func DrainNone() {
	go func() { // ok: n == 0 skips the receive too
		drain(0)
	}()
}
