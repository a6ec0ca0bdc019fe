package main

import (
	"context"
	"testing"
)

// TestFetchCancelled asks fetch for a value with a context that has already ended: fetch
// returns at once and its worker stays blocked on the send, which gostuck test proves leaked.
func TestFetchCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := fetch(ctx); err == nil {
		t.Fatal("fetch with an ended context returned no error")
	}
}
