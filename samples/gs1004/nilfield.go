package gs1004

import (
	"fmt"
	"time"

	"gostuck.dev/samples/gs1004/audit"
)

// Mailer sends mail from a queue its constructor makes.
type Mailer struct {
	from  string
	queue chan string
}

// NewMailer makes the queue and the goroutine that drains it.
func NewMailer(from string) *Mailer {
	m := &Mailer{from: from, queue: make(chan string, 8)}
	go m.drain() // ok: ranges over the queue it was made with
	return m
}

func (m *Mailer) drain() {
	for to := range m.queue {
		fmt.Println(m.from, "->", to)
	}
}

// Notify queues mail without waiting.
func (m *Mailer) Notify(to string) {
	go func() { // want `GS1004: goroutine blocks forever sending on nil channel field "queue": it gets a Mailer whose literal leaves "queue" out`
		m.queue <- to
	}()
}

// Console is a support tool that shares the sender address but builds its Mailer itself.
type Console struct {
	mail *Mailer
}

// NewConsole builds the console's Mailer as a literal, so its queue is nil.
func NewConsole(from string) *Console {
	return &Console{mail: &Mailer{from: from}}
}

// Reset notifies a user that their password was reset.
func (c *Console) Reset(user string) {
	c.mail.Notify(user)
}

// Task is one unit of work with a channel for its result.
type Task struct {
	Name  string
	Tries int
	done  chan error
}

// Retry copies a task for another attempt but forgets the result channel.
func (t *Task) Retry() *Task {
	return &Task{Name: t.Name, Tries: t.Tries + 1}
}

// Runner runs tasks from its queue.
type Runner struct {
	tasks chan *Task
}

// StartRunner starts the worker that runs tasks and reports each result.
func StartRunner() *Runner {
	r := &Runner{tasks: make(chan *Task, 4)}
	go r.work() // want `GS1004: goroutine blocks forever sending on nil channel field "done": it gets a Task whose literal leaves "done" out`
	return r
}

func (r *Runner) work() {
	for t := range r.tasks {
		if t.Tries < 3 && time.Now().Unix()%2 == 0 {
			r.tasks <- t.Retry()
			continue
		}
		t.done <- nil
	}
}

// Submit queues a task and returns the channel its result arrives on.
func (r *Runner) Submit(name string) <-chan error {
	t := &Task{Name: name, done: make(chan error, 1)}
	r.tasks <- t
	return t.done
}

// UseAudit builds a Recorder as a literal: the package's unexported channel stays nil.
func UseAudit() {
	rec := &audit.Recorder{Prefix: "admin"}
	rec.Record("login")
}

// Gauge has a channel field its code checks for nil: a nil channel is expected there.
type Gauge struct {
	name    string
	updates chan int
}

// Set reports the value to a listener, if the gauge has one.
func (g *Gauge) Set(v int) {
	go func() { // ok: the field is tested for nil before the send
		if g.updates != nil {
			g.updates <- v
		}
	}()
}

// Plain builds a Gauge without a listener.
func Plain(name string) *Gauge { return &Gauge{name: name} }

// Cache fills its channel lazily, by assignment.
type Cache struct {
	size  int
	fills chan string
}

// Warm makes the channel on first use, so a literal without it is fine.
func (c *Cache) Warm(key string) {
	c.fills = make(chan string, 1)
	go func() { // ok: Warm assigns the channel before the goroutine sends
		c.fills <- key
	}()
}

// NewCache leaves fills to Warm.
func NewCache() *Cache { return &Cache{size: 8} }

// Meter builds its values as literals, but only one of them ever reaches the send.
type Meter struct {
	unit    string
	samples chan float64
}

// Observe reports a sample to the meter's reader.
func (m *Meter) Observe(v float64) {
	go func() { // ok: only the meter made with a channel observes
		m.samples <- v
	}()
}

// Units names the unit of a meter made for display only, which never observes.
func Units() string {
	label := &Meter{unit: "ms"}
	return label.unit
}

// Observed makes the meter that observes, with its channel.
func Observed() <-chan float64 {
	m := &Meter{unit: "ms", samples: make(chan float64, 1)}
	m.Observe(1)
	return m.samples
}

// Poll waits in a select where the nil channel only disables its case.
type Poll struct {
	stop  chan struct{}
	ticks chan time.Time
}

// Run returns when stop is closed; ticks may be nil.
func (p *Poll) Run() {
	go func() { // ok: a nil channel in a select only disables the case
		select {
		case <-p.ticks:
		case <-p.stop:
		}
	}()
}

// NewPoll leaves ticks out: Run only selects on it.
func NewPoll() *Poll {
	p := &Poll{stop: make(chan struct{})}
	p.Run()
	close(p.stop)
	return p
}
