package gs1001

// readAhead sends every page, in order, on ahead; it closes ahead at the end.
func readAhead(pages []int, ahead chan<- int) {
	for _, p := range pages {
		ahead <- p * 10
	}
	close(ahead)
}

// findPage stops reading at the page it wants: readAhead fills the buffer, then blocks.
func findPage(pages []int, want int) bool {
	ahead := make(chan int, 16)
	go readAhead(pages, ahead) // want `GS1001: goroutine blocks forever sending on "ahead" when findPage stops ranging over it and returns before the channel is closed`
	for body := range ahead {
		if body == want*10 {
			return true
		}
	}
	return false
}

// findPageAll has room for every page: the producer never waits.
func findPageAll(pages []int, want int) bool {
	ahead := make(chan int, len(pages))
	go readAhead(pages, ahead) // ok: a buffer as long as the input holds every send
	for body := range ahead {
		if body == want*10 {
			return true
		}
	}
	return false
}

// countPages reads to the end.
func countPages(pages []int) int {
	ahead := make(chan int)
	go readAhead(pages, ahead) // ok: the range ends only when readAhead closes the channel
	n := 0
	for range ahead {
		n++
	}
	return n
}

// firstLarge stops early, but drains what is left before it returns.
func firstLarge(pages []int) int {
	ahead := make(chan int)
	go readAhead(pages, ahead) // ok: the rest of the channel is drained after the loop
	found := -1
	for body := range ahead {
		if body > 100 {
			found = body
			break
		}
	}
	for range ahead {
	}
	return found
}

// firstMatch stops early and tells the producer to give up.
func firstMatch(pages []int, want int) bool {
	ahead := make(chan int)
	done := make(chan struct{})
	defer close(done)
	go func() { // ok: the producer's send is a select that gives up once done is closed
		for _, p := range pages {
			select {
			case ahead <- p:
			case <-done:
				return
			}
		}
		close(ahead)
	}()
	for p := range ahead {
		if p == want {
			return true
		}
	}
	return false
}
