package gs1005

import (
	"errors"
	"sync"
)

// Event is one step of a build.
type Event struct {
	Step   int
	Failed bool
}

// Reporter hears about build steps.
type Reporter interface {
	Report(ev Event) error
}

// eventSink is a channel that is a Reporter: Report sends on it.
type eventSink chan<- Event

// SinkFor turns a channel into a Reporter.
func SinkFor(ch chan<- Event) Reporter {
	return eventSink(ch)
}

// Report sends the event on the channel.
func (s eventSink) Report(ev Event) error {
	s <- ev
	return nil
}

// discard is a Reporter that drops every event.
type discard struct{}

// Report drops the event.
func (discard) Report(Event) error { return nil }

// Builder runs builds, each in its own goroutine.
type Builder struct {
	mu    sync.Mutex
	steps int
}

// Build is one running build.
type Build struct {
	done chan struct{}
}

// Start starts a build that reports to r.
func (b *Builder) Start(r Reporter) *Build {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.launch(r)
}

func (b *Builder) launch(r Reporter) *Build {
	bd := &Build{done: make(chan struct{})}
	go func() { // want `GS1005: goroutine can block forever sending on "events": the goroutine ranging over it can return before it has received every value`
		defer close(bd.done)
		for i := 0; i < b.steps; i++ {
			_ = r.Report(Event{Step: i})
		}
	}()
	return bd
}

// StartChecked starts a build that checks its steps; it reports to r as well.
func (b *Builder) StartChecked(r Reporter) *Build {
	return b.check(r)
}

func (b *Builder) check(r Reporter) *Build {
	bd := &Build{done: make(chan struct{})}
	go func() { // ok: the only watcher drains the channel after its early return
		defer close(bd.done)
		for i := 0; i < b.steps; i++ {
			_ = r.Report(Event{Step: i})
		}
	}()
	return bd
}

// StartQuiet starts a build that may not report at all.
func (b *Builder) StartQuiet(r Reporter) *Build {
	bd := &Build{done: make(chan struct{})}
	go func() { // ok: r may hold a reporter that drops every event
		defer close(bd.done)
		for i := 0; i < b.steps; i++ {
			_ = r.Report(Event{Step: i})
		}
	}()
	return bd
}

// StartDetached starts a build nobody waits for.
func (b *Builder) StartDetached(r Reporter) {
	go func() { // ok: the owner closes the channel without waiting first: a report would panic
		for i := 0; i < b.steps; i++ {
			_ = r.Report(Event{Step: i})
		}
	}()
}

// Wait waits for the build to finish.
func (bd *Build) Wait() {
	<-bd.done
}

// BuildAll watches the events of every build, but gives up at the first failure: the
// builds still reporting have no receiver left.
func BuildAll(b *Builder, n int) {
	events := make(chan Event)
	go func() {
		for ev := range events {
			if ev.Failed {
				return
			}
		}
	}()
	builds := make([]*Build, n)
	for i := range builds {
		builds[i] = b.Start(SinkFor(events))
	}
	for _, bd := range builds {
		bd.Wait()
	}
	close(events)
}

// BuildAllDrained keeps receiving after a failure, so no build is left blocked.
func BuildAllDrained(b *Builder, n int) {
	events := make(chan Event)
	go func() {
		defer func() {
			for range events { // drain: every report is taken
			}
		}()
		for ev := range events {
			if ev.Failed {
				return
			}
		}
	}()
	builds := make([]*Build, n)
	for i := range builds {
		builds[i] = b.StartChecked(SinkFor(events))
	}
	for _, bd := range builds {
		bd.Wait()
	}
	close(events)
}

// BuildQuiet may swap the reporter for one that drops events: which one runs is not known.
func BuildQuiet(b *Builder, quiet bool) {
	events := make(chan Event)
	go func() {
		for ev := range events {
			if ev.Failed {
				return
			}
		}
	}()
	var r Reporter = discard{}
	if !quiet {
		r = SinkFor(events)
	}
	bd := b.StartQuiet(r)
	bd.Wait()
	close(events)
}

// BuildThenClose closes the channel with nothing in between: a late report would panic,
// not block.
func BuildThenClose(b *Builder) {
	events := make(chan Event)
	go func() {
		for ev := range events {
			if ev.Failed {
				return
			}
		}
	}()
	b.StartDetached(SinkFor(events))
	close(events)
}

// errGone says the listener has stopped.
var errGone = errors.New("listener gone")

// Listener is told about events until it stops.
type Listener interface {
	Tell(ev Event, stopped <-chan struct{}) error
}

// tellSink is a channel that is a Listener; Tell gives up once the listener stopped.
type tellSink chan<- Event

// ListenerFor turns a channel into a Listener.
func ListenerFor(ch chan<- Event) Listener {
	return tellSink(ch)
}

// Tell sends the event, or gives up once stopped is closed.
func (s tellSink) Tell(ev Event, stopped <-chan struct{}) error {
	select {
	case s <- ev:
		return nil
	case <-stopped:
		return errGone
	}
}

// Notifier tells a listener about a series of events.
type Notifier struct {
	count int
}

// Notify starts telling l about every event until it stops listening.
func (n *Notifier) Notify(l Listener, stopped <-chan struct{}) {
	go func() { // ok: every send selects on the channel the listener closes when it leaves
		for i := 0; i < n.count; i++ {
			if l.Tell(Event{Step: i}, stopped) != nil {
				return
			}
		}
	}()
}

// ListenUntilFailure stops at the first failure and closes stopped as it leaves.
func ListenUntilFailure(n *Notifier) {
	events := make(chan Event)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for ev := range events {
			if ev.Failed {
				return
			}
		}
	}()
	n.Notify(ListenerFor(events), stopped)
}
