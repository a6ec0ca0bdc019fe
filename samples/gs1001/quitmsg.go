package gs1001

import (
	"errors"
	"time"
)

// A listener that leaves its loop on a goodbye message: every other message is shown.
type greeting struct{ who string }
type goodbye struct{}

// Chat reads lines until the goodbye, which the talker sends last: the talker's every
// send is received before Chat returns.
func Chat(show func(any)) {
	lines := make(chan any)
	go func() { // ok: Chat returns only on the goodbye, the talker's last send
		lines <- &greeting{who: "ann"}
		lines <- &greeting{who: "bob"}
		lines <- &goodbye{}
	}()
	for {
		line := <-lines
		switch line.(type) {
		case *goodbye:
			return
		default:
			show(line)
		}
	}
}

// ChatOrTimeout also gives up after a while: the talker is then left sending.
func ChatOrTimeout(show func(any), d time.Duration) {
	lines := make(chan any)
	go func() { // want `GS1001: goroutine blocks forever sending on "lines"`
		lines <- &greeting{who: "ann"}
		lines <- &goodbye{}
	}()
	for {
		select {
		case line := <-lines:
			switch line.(type) {
			case *goodbye:
				return
			default:
				show(line)
			}
		case <-time.After(d):
			return
		}
	}
}

// ChatTwice sends a goodbye twice: Chat leaves on the first, the second waits forever.
func ChatTwice(show func(any)) {
	lines := make(chan any)
	go func() { // want `GS1001: goroutine blocks forever sending on "lines"`
		lines <- &greeting{who: "ann"}
		lines <- &goodbye{}
		lines <- &goodbye{}
	}()
	for {
		line := <-lines
		if _, ok := line.(*goodbye); ok {
			return
		}
		show(line)
	}
}

// ChatLate says goodbye before its last greeting: that greeting is never received.
func ChatLate(show func(any)) {
	lines := make(chan any)
	go func() { // want `GS1001: goroutine blocks forever sending on "lines"`
		lines <- &goodbye{}
		lines <- &greeting{who: "ann"}
	}()
	for {
		line := <-lines
		if _, ok := line.(*goodbye); ok {
			return
		}
		show(line)
	}
}

// ChatRelayed passes on a line it was given before its goodbye: that line may be a goodbye
// too, and ChatRelayed would return with the real one still to send.
func ChatRelayed(show func(any), given []any) {
	lines := make(chan any)
	go func() { // want `GS1001: goroutine blocks forever sending on "lines"`
		lines <- given[0]
		lines <- &goodbye{}
	}()
	for {
		line := <-lines
		if _, ok := line.(*goodbye); ok {
			return
		}
		show(line)
	}
}

// FirstFailure returns on the first error: the other checkers are left sending.
func FirstFailure(checks []func() error) error {
	errc := make(chan error)
	for _, c := range checks {
		go func() { errc <- c() }() // want `GS1001: goroutine blocks forever sending on "errc"` `GS4002`
	}
	for range checks {
		if err := <-errc; err != nil {
			return err
		}
	}
	return errors.New("unreachable in practice")
}
