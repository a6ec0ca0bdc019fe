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

// HaltAll fills its list in a loop that runs twice, then halts each quiescer in a goroutine
// that closes done afterwards: the list is not empty, so the goroutine reaches a halt first.
func HaltAll() {
	go func() { // want `GS1003: goroutine blocks forever receiving from "done": the goroutine that would send on or close it blocks forever first`
		var qs []*quiescer
		for i := 0; i < 2; i++ {
			qs = append(qs, newQuiescer())
		}
		for _, q := range qs {
			q.startTask()
		}
		done := make(chan struct{})
		go func() { // want `GS5001: goroutine blocks forever in "q.tasks.Wait": nothing calls Done on it`
			for _, q := range qs {
				q.halt()
			}
			close(done)
		}()
		<-done
	}()
}

// HaltSome fills its list n times: with n == 0 nothing is halted and done is closed.
func HaltSome(n int) {
	go func() { // ok: the list may be empty, and then done is closed at once
		var qs []*quiescer
		for i := 0; i < n; i++ {
			qs = append(qs, newQuiescer())
		}
		done := make(chan struct{})
		go func() { // want `GS5001: goroutine blocks forever in "q.tasks.Wait": nothing calls Done on it`
			for _, q := range qs {
				q.halt()
			}
			close(done)
		}()
		<-done
	}()
}

// HaltReset empties its list again before the goroutine ranges over it.
func HaltReset() {
	go func() { // ok: the list is emptied, so done is closed at once
		var qs []*quiescer
		for i := 0; i < 2; i++ {
			qs = append(qs, newQuiescer())
		}
		qs = qs[:0]
		done := make(chan struct{})
		go func() { // want `GS5001: goroutine blocks forever in "q.tasks.Wait": nothing calls Done on it`
			for _, q := range qs {
				q.halt()
			}
			close(done)
		}()
		<-done
	}()
}

// HaltMore appends another list, which may be empty.
func HaltMore(more []*quiescer) {
	go func() { // ok: more may be empty, and then done is closed at once
		var qs []*quiescer
		qs = append(qs, more...)
		done := make(chan struct{})
		go func() { // want `GS5001: goroutine blocks forever in "q.tasks.Wait": nothing calls Done on it`
			for _, q := range qs {
				q.halt()
			}
			close(done)
		}()
		<-done
	}()
}

// HaltMaybe appends on one branch only.
func HaltMaybe(first bool) {
	go func() { // ok: when first is false the list is empty
		var qs []*quiescer
		if first {
			qs = append(qs, newQuiescer())
		}
		done := make(chan struct{})
		go func() { // want `GS5001: goroutine blocks forever in "q.tasks.Wait": nothing calls Done on it`
			for _, q := range qs {
				q.halt()
			}
			close(done)
		}()
		<-done
	}()
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
