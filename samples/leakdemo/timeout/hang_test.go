//go:build leakdemo_timeout

// Package timeout holds a test that hangs, so `go test -timeout` prints its goroutine dump.
// It is built only with -tags leakdemo_timeout, so `go test ./...` never runs it.
package timeout

import "testing"

// TestHang leaves two senders blocked and then waits for a value that never comes.
func TestHang(t *testing.T) {
	out := make(chan int)
	for range 2 {
		go func() { // want "GS1002"
			out <- 1
		}()
	}
	never := make(chan int)
	<-never
	<-out
}
