// Package gs1003 holds samples for GS1003: a goroutine receives on a channel that its
// parent may never send to or close.
package gs1003

import (
	"errors"
	"log"
)

// Config is a job's settings.
type Config struct {
	Name    string
	Workers int
}

// Validate reports a bad config.
func (c Config) Validate() error {
	if c.Workers <= 0 {
		return errors.New("workers must be positive")
	}
	return nil
}

func work(name string) { log.Println("working on", name) }

// Start opens the gate only when the config is valid; on error the goroutine waits forever.
func Start(cfg Config) error {
	start := make(chan struct{})
	go func() { // want `GS1003: goroutine blocks forever receiving from "start" when Start returns without sending or closing`
		<-start
		work(cfg.Name)
	}()
	if err := cfg.Validate(); err != nil {
		return err
	}
	close(start)
	return nil
}

// Watch waits for a stop signal that nothing ever sends.
func Watch(name string) {
	stop := make(chan bool)
	go func() { // want `GS1003: .*"stop": Watch never sends on it or closes it`
		if <-stop {
			log.Println("stopped", name)
		}
	}()
	work(name)
}

func waitFor(ch <-chan string) string {
	return <-ch
}

// Listen hands a brand new channel to the goroutine: no one else can ever send on it.
func Listen() {
	go waitFor(make(chan string)) // want `GS1003: goroutine blocks forever receiving from "ch": its channel is made in the go statement`
}

// StartDeferred closes the gate on every path.
func StartDeferred(cfg Config) error {
	start := make(chan struct{})
	defer close(start)
	go func() { // ok: the deferred close releases it on every path
		<-start
		work(cfg.Name)
	}()
	return cfg.Validate()
}

// StartChecked validates before starting anything.
func StartChecked(cfg Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	start := make(chan struct{})
	go func() { // ok: the gate is closed on the only path after the go statement
		<-start
		work(cfg.Name)
	}()
	close(start)
	return nil
}

// Hand sends the value the goroutine waits for.
func Hand(name string) {
	names := make(chan string)
	go func() { // ok: the parent sends once, the goroutine receives once
		work(<-names)
	}()
	names <- name
}

// Balancer hands out addresses.
type Balancer struct{ addrs []string }

func (b *Balancer) watch(done chan bool) {
	for _, a := range b.addrs {
		work(a)
	}
}

func (b *Balancer) watchAndSignal(done chan bool) {
	for _, a := range b.addrs {
		work(a)
	}
	done <- true
}

// Dial waits in the background for a watcher that never signals the channel it was given.
func Dial(b *Balancer) {
	go func() { // want `GS1003: goroutine blocks forever receiving from "done": it made the channel and nothing sends on it or closes it`
		done := make(chan bool)
		go b.watch(done)
		<-done
	}()
}

// DialSignalled waits for a watcher that does signal.
func DialSignalled(b *Balancer) {
	go func() { // ok: watchAndSignal sends on done
		done := make(chan bool)
		go b.watchAndSignal(done)
		<-done
	}()
}
