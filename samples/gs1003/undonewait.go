package gs1003

import "sync"

// A quiescer counts tasks up and never down: once a task is counted, halt's Wait never
// returns, and its close of halted never comes.
type quiescer struct {
	halted chan struct{}
	tasks  sync.WaitGroup
}

func newQuiescer() *quiescer { return &quiescer{halted: make(chan struct{})} }

func (q *quiescer) startTask() { q.tasks.Add(1) }

func (q *quiescer) haltedC() <-chan struct{} { return q.halted }

func (q *quiescer) halt() {
	q.tasks.Wait()
	close(q.halted)
}

// RunQuiescer: the task waits for a halt whose Wait nothing can end.
func RunQuiescer() {
	q := newQuiescer()
	go func() { // want `GS1003: goroutine blocks forever receiving from "halted": its only sends and closes come after a point where their goroutine blocks forever`
		q.startTask()
		<-q.haltedC()
	}()
	go q.halt() // want `GS5001: goroutine blocks forever in "q.tasks.Wait": nothing calls Done on it`
}

// A finisher is a quiescer whose tasks are counted down: its Wait can end.
type finisher struct {
	finished chan struct{}
	jobs     sync.WaitGroup
}

func (f *finisher) startJob()  { f.jobs.Add(1) }
func (f *finisher) finishJob() { f.jobs.Done() }

func (f *finisher) finishedC() <-chan struct{} { return f.finished }

func (f *finisher) finish() {
	f.jobs.Wait()
	close(f.finished)
}

// RunFinisher: the job is counted down, so finish closes finished.
func RunFinisher() {
	f := &finisher{finished: make(chan struct{})}
	go func() { // ok: finishJob counts the job down, finish's Wait ends and closes finished
		f.startJob()
		f.finishJob()
		<-f.finishedC()
	}()
	go f.finish() // ok: Done is called
}

// A hatch has a halted channel of its own, which a trapdoor (embedding it) closes: that
// close is the hatch's, not a quiescer's.
type hatch struct {
	halted chan struct{}
}

type trapdoor struct {
	*hatch
}

func (t *trapdoor) drop() { close(t.halted) }

// RunTrapdoor waits for the trapdoor's own halted, which drop closes.
func RunTrapdoor() {
	t := &trapdoor{&hatch{halted: make(chan struct{})}}
	go func() { // ok: drop closes the hatch's halted
		<-t.halted
	}()
	t.drop()
}
