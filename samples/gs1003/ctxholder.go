package gs1003

import (
	"context"
	"errors"
	"log"
	"strings"
)

type lease struct {
	key      string
	revoke   context.CancelFunc
	released chan struct{}
}

// watchLease reads the lease's key and closes its released channel; it never calls
// revoke, so handing it the lease gives nobody a way to cancel.
func watchLease(ctx context.Context, l *lease) {
	defer close(l.released)
	<-ctx.Done()
	log.Println("lease", l.key, "released")
}

// takeLease hands the lease, cancel included, to the goroutine and returns it, except on
// the error path, which drops it without cancelling.
func takeLease(key string) (*lease, error) {
	ctx, cancel := context.WithCancel(context.Background())
	l := &lease{key: key, revoke: cancel, released: make(chan struct{})}
	go watchLease(ctx, l) // want `GS1003: goroutine blocks forever receiving from "ctx.Done\(\)" when takeLease returns without cancelling "ctx"`
	if strings.HasPrefix(key, "/") {
		return nil, errors.New("key must be relative: " + key)
	}
	return l, nil
}

// expireLease may revoke the lease it is handed.
func expireLease(ctx context.Context, l *lease) {
	if l.key == "" {
		l.revoke()
	}
	<-ctx.Done()
}

// takeExpiring hands the lease to a goroutine that may cancel it itself.
func takeExpiring(key string) (*lease, error) {
	ctx, cancel := context.WithCancel(context.Background())
	l := &lease{key: key, revoke: cancel, released: make(chan struct{})}
	go expireLease(ctx, l) // ok: expireLease calls l.revoke
	if strings.HasPrefix(key, "/") {
		return nil, errors.New("key must be relative: " + key)
	}
	return l, nil
}
