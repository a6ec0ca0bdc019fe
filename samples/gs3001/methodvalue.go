package gs3001

import "sync"

// feeder closes its channel in a method that callers reach as a method value.
type feeder struct {
	out  chan int
	once sync.Once
}

func (f *feeder) finish() { close(f.out) }

// FeedOnce closes through once.Do(f.finish): the method value runs the close.
func FeedOnce(xs []int) {
	f := &feeder{out: make(chan int)}
	go func() { // ok: f.finish, run by once.Do, closes the channel
		for v := range f.out {
			_ = v
		}
	}()
	for _, x := range xs {
		f.out <- x
	}
	f.once.Do(f.finish)
}

// FeedLocal closes through a local bound to the method value.
func FeedLocal(xs []int) {
	f := &feeder{out: make(chan int)}
	go func() { // ok: done is f.finish, which closes the channel
		for v := range f.out {
			_ = v
		}
	}()
	for _, x := range xs {
		f.out <- x
	}
	done := f.finish
	done()
}
