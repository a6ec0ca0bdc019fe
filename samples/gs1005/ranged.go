package gs1005

import (
	"errors"
	"fmt"
)

func upload(name string) error {
	if name == "" {
		return errors.New("empty name")
	}
	return nil
}

// UploadAll sends every name to one uploader, which gives up at the first error: the
// names after it have no receiver left.
func UploadAll(names []string) {
	queue := make(chan string)
	go func() {
		for name := range queue {
			if err := upload(name); err != nil {
				fmt.Println(err)
				return
			}
		}
	}()
	go func() { // want `GS1005: goroutine can block forever sending on "queue": the goroutine ranging over it can return before it has received every value`
		for _, n := range names {
			queue <- n
		}
	}()
}

// UploadOne sends a single name: the uploader takes it before it can return.
func UploadOne(name string) {
	queue := make(chan string)
	go func() {
		for n := range queue {
			if err := upload(n); err != nil {
				return
			}
		}
	}()
	go func() { // ok: one send, and the range takes one value before it can return
		queue <- name
	}()
}

// UploadBuffered leaves room for the second name.
func UploadBuffered(first, second string) {
	queue := make(chan string, 1)
	go func() {
		for n := range queue {
			if err := upload(n); err != nil {
				return
			}
		}
	}()
	go func() { // ok: the buffer takes the send the uploader may leave behind
		queue <- first
		queue <- second
	}()
}

// UploadUntilDone keeps ranging to the end: no early return.
func UploadUntilDone(names []string) {
	queue := make(chan string)
	go func() {
		for n := range queue {
			if err := upload(n); err != nil {
				fmt.Println(err)
				continue
			}
		}
	}()
	go func() { // ok: the range never returns early
		for _, n := range names {
			queue <- n
		}
	}()
}
