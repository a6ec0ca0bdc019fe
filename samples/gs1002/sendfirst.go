package gs1002

import (
	"errors"
	"time"
)

// attach returns a channel that reports when the device is attached. On a bad name it
// sends the error itself, before returning: no one else can hold the channel yet.
func attach(name string) <-chan error {
	ready := make(chan error)
	if name == "" {
		ready <- errors.New("no device name")
		return ready
	}
	go func() {
		time.Sleep(time.Millisecond)
		ready <- nil
	}()
	return ready
}

// AttachInBackground waits for the device in a goroutine of its own.
func AttachInBackground(name string) {
	go func() { // want `GS1002: goroutine blocks forever sending on "ready": it made the unbuffered channel`
		if err := <-attach(name); err != nil {
			println(err.Error())
		}
	}()
}

// attachBuffered has room for its early error.
func attachBuffered(name string) <-chan error {
	ready := make(chan error, 1)
	if name == "" {
		ready <- errors.New("no device name")
		return ready
	}
	go func() {
		time.Sleep(time.Millisecond)
		ready <- nil
	}()
	return ready
}

// AttachBufferedInBackground gets the early error from the buffer.
func AttachBufferedInBackground(name string) {
	go func() { // ok: the early send goes into the buffer
		if err := <-attachBuffered(name); err != nil {
			println(err.Error())
		}
	}()
}

// attachAsync reports every outcome from a goroutine.
func attachAsync(name string) <-chan error {
	ready := make(chan error)
	go func() {
		if name == "" {
			ready <- errors.New("no device name")
			return
		}
		ready <- nil
	}()
	return ready
}

// AttachAsyncInBackground receives the one outcome.
func AttachAsyncInBackground(name string) {
	go func() { // ok: the callee's goroutine sends, after the channel is returned
		if err := <-attachAsync(name); err != nil {
			println(err.Error())
		}
	}()
}
