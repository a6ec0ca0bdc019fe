package gs1003

import (
	"context"
	"errors"
	"log"
	"strings"
	"time"
)

func keepWarm(ctx context.Context, host string) {
	<-ctx.Done()
	log.Println("tunnel to", host, "closed")
}

type tunnel struct {
	host   string
	hangUp context.CancelFunc
}

// dialTunnel keeps the cancel in the tunnel it returns; the error path drops the tunnel,
// and nothing else can cancel the context keepWarm waits on.
func dialTunnel(host string) (*tunnel, error) {
	ctx, cancel := context.WithCancel(context.Background())
	t := &tunnel{host: host, hangUp: cancel}
	go keepWarm(ctx, host) // want `GS1003: goroutine blocks forever receiving from "ctx.Done\(\)" when dialTunnel returns without cancelling "ctx"`
	if !strings.Contains(t.host, ".") {
		return nil, errors.New("no domain in " + host)
	}
	return t, nil
}

// dialTunnelClosed cancels before dropping the tunnel.
func dialTunnelClosed(host string) (*tunnel, error) {
	ctx, cancel := context.WithCancel(context.Background())
	t := &tunnel{host: host, hangUp: cancel}
	go keepWarm(ctx, host) // ok: the error path calls t.hangUp
	if !strings.Contains(host, ".") {
		t.hangUp()
		return nil, errors.New("no domain in " + host)
	}
	return t, nil
}

// dialTunnelLate starts the goroutine only once the tunnel will be returned.
func dialTunnelLate(host string) (*tunnel, error) {
	ctx, cancel := context.WithCancel(context.Background())
	t := &tunnel{host: host, hangUp: cancel}
	if !strings.Contains(host, ".") {
		t.hangUp()
		return nil, errors.New("no domain in " + host)
	}
	go keepWarm(ctx, host) // ok: whoever gets t can cancel
	return t, nil
}

// dialTunnelTimed's context ends by itself.
func dialTunnelTimed(host string) (*tunnel, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t := &tunnel{host: host, hangUp: cancel}
	go keepWarm(ctx, host) // ok: the timeout fires
	if !strings.Contains(host, ".") {
		return nil, errors.New("no domain in " + host)
	}
	return t, nil
}

// dialTunnelFrom derives the context from the caller's.
func dialTunnelFrom(parent context.Context, host string) (*tunnel, error) {
	ctx, cancel := context.WithCancel(parent)
	t := &tunnel{host: host, hangUp: cancel}
	go keepWarm(ctx, host) // ok: the caller may cancel parent
	if !strings.Contains(host, ".") {
		return nil, errors.New("no domain in " + host)
	}
	return t, nil
}

type chatSession struct {
	endChat, endAll context.CancelFunc
}

// openSession derives a child context; both cancels are kept in the session, which the
// error path drops.
func openSession(user string) (*chatSession, error) {
	base, stopAll := context.WithCancel(context.Background())
	ctx, stop := context.WithCancel(base)
	s := &chatSession{endChat: stop, endAll: stopAll}
	go func() { // want `GS1003: goroutine blocks forever receiving from "ctx.Done\(\)" when openSession returns without cancelling "ctx"`
		<-ctx.Done()
		log.Println("session of", user, "over")
	}()
	if user == "" {
		return nil, errors.New("no user")
	}
	return s, nil
}

// openSessionAll cancels the parent on the error path: the child is done too.
func openSessionAll(user string) (*chatSession, error) {
	base, stopAll := context.WithCancel(context.Background())
	ctx, stop := context.WithCancel(base)
	s := &chatSession{endChat: stop, endAll: stopAll}
	go func() { // ok: stopAll cancels the parent, and with it ctx
		<-ctx.Done()
		log.Println("session of", user, "over")
	}()
	if user == "" {
		s.endAll()
		return nil, errors.New("no user")
	}
	return s, nil
}

// Tunnels runs the samples.
func Tunnels(ctx context.Context, host string) {
	for _, dial := range []func(string) (*tunnel, error){dialTunnel, dialTunnelClosed, dialTunnelLate, dialTunnelTimed} {
		if t, err := dial(host); err == nil {
			t.hangUp()
		}
	}
	if t, err := dialTunnelFrom(ctx, host); err == nil {
		t.hangUp()
	}
	for _, open := range []func(string) (*chatSession, error){openSession, openSessionAll} {
		if s, err := open(host); err == nil {
			s.endChat()
			s.endAll()
		}
	}
}

// watchForever silences the compiler about the cancel and never calls it.
func watchForever(name string) {
	ctx, cancel := context.WithCancel(context.Background())
	_ = cancel
	go func() { // want `GS1003: goroutine blocks forever receiving from "ctx.Done\(\)" when watchForever returns without cancelling "ctx"`
		<-ctx.Done()
		log.Println(name, "unwatched")
	}()
}

// watchUntilDone hands the cancel to its caller.
func watchUntilDone(name string) context.CancelFunc {
	ctx, cancel := context.WithCancel(context.Background())
	go func() { // ok: the caller gets the cancel
		<-ctx.Done()
		log.Println(name, "unwatched")
	}()
	return cancel
}

// Watchers runs the samples.
func Watchers(name string) {
	watchForever(name)
	watchUntilDone(name)()
}
