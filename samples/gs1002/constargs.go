package gs1002

import "errors"

// reply sends an error first when there is one, then (a return is missing) the value.
func reply(out chan string, err error) {
	if err != nil {
		out <- err.Error()
	}
	out <- "ok"
}

// Twice asks twice; the second call fails, so its goroutine sends two values and the
// second receive takes only one. A nil error makes the first goroutine send once.
func Twice() string {
	out := make(chan string)
	go func() { // ok: reply(out, nil) sends once, and the first receive takes it
		reply(out, nil)
	}()
	a := <-out
	go func() { // want `GS1002: more sends on "out" than receives: 2 goroutines send up to 3 values but Twice receives only 2 times`
		reply(out, errors.New("bad"))
	}()
	return a + <-out
}

// TwiceBuffered leaves room for the failing goroutine's second value.
func TwiceBuffered() string {
	out := make(chan string, 1)
	go func() { // ok: a nil error, one send
		reply(out, nil)
	}()
	a := <-out
	go func() { // ok: its extra value fits in the buffer
		reply(out, errors.New("bad"))
	}()
	return a + <-out
}

// TwiceNil asks twice without failing: each goroutine sends once, each is received.
func TwiceNil() string {
	out := make(chan string)
	go func() { // ok: reply(out, nil) sends once
		reply(out, nil)
	}()
	a := <-out
	go func() { // ok: reply(out, nil) sends once
		reply(out, nil)
	}()
	return a + <-out
}

// feed hands items to a number of workers, which stop when done is closed.
func feed(items []int, workers int) {
	ch := make(chan int)
	done := make(chan struct{})
	defer close(done)
	for i := 0; i < workers; i++ {
		go func() {
			for {
				select {
				case v := <-ch:
					_ = v
				case <-done:
					return
				}
			}
		}()
	}
	for _, v := range items {
		ch <- v
	}
}

// FeedNone starts feed with no workers: its first send has no receiver, ever.
func FeedNone(items []int) {
	go feed(items, 0) // want `GS1002: goroutine blocks forever sending on "ch"`
}

// FeedSome starts feed with workers to receive.
func FeedSome(items []int) {
	go feed(items, 2) // ok: two workers receive every item
}
