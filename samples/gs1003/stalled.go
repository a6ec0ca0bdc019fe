package gs1003

// Record is one log record.
type Record struct{ Fatal bool }

// Logger takes records.
type Logger interface{ Log(r Record) }

// recordChan is a channel that is a Logger: Log sends on it.
type recordChan chan<- Record

// Log sends r on the channel.
func (c recordChan) Log(r Record) { c <- r }

// LoggerFor hands a channel out as a Logger.
func LoggerFor(ch chan<- Record) Logger { return recordChan(ch) }

// Task is a running task; finished is closed when its goroutine returns.
type Task struct{ finished chan struct{} }

// Join waits for the task's goroutine to return.
func (t *Task) Join() { <-t.finished }

// RunTask starts a task that logs n records.
func RunTask(l Logger, n int) *Task {
	t := &Task{finished: make(chan struct{})}
	go func() { // want `GS1005: goroutine can block forever sending on "records"`
		defer close(t.finished)
		for i := 0; i < n; i++ {
			l.Log(Record{})
		}
	}()
	return t
}

// runAll stops reading records at the first fatal one; a task still logging then never
// returns, and neither does the Join waiting for it.
func runAll(n int) {
	records := make(chan Record)
	go func() {
		for r := range records {
			if r.Fatal {
				return
			}
		}
	}()
	tasks := make([]*Task, n)
	for i := range tasks {
		tasks[i] = RunTask(LoggerFor(records), 10)
	}
	for i := range tasks {
		tasks[i].Join()
	}
	close(records)
}

// RunAll runs the tasks in the background.
func RunAll(n int) {
	go runAll(n) // want `GS1003: goroutine can block forever receiving from "finished": it is closed only when the goroutine running the func literal in RunTask returns, and that goroutine can block forever`
}

// Job is a running job; done is closed when its goroutine returns.
type Job struct{ done chan struct{} }

// Wait waits for the job's goroutine to return.
func (j *Job) Wait() { <-j.done }

// RunJob starts a job that logs n records.
func RunJob(l Logger, n int) *Job {
	j := &Job{done: make(chan struct{})}
	go func() { // ok: the only reader drains every record
		defer close(j.done)
		for i := 0; i < n; i++ {
			l.Log(Record{})
		}
	}()
	return j
}

// runAllDrained keeps reading records after a fatal one: every job returns.
func runAllDrained(n int) {
	records := make(chan Record)
	go func() {
		defer func() {
			for range records { // drain
			}
		}()
		for r := range records {
			if r.Fatal {
				return
			}
		}
	}()
	jobs := make([]*Job, n)
	for i := range jobs {
		jobs[i] = RunJob(LoggerFor(records), 10)
	}
	for i := range jobs {
		jobs[i].Wait()
	}
	close(records)
}

// RunAllDrained runs the jobs in the background.
func RunAllDrained(n int) {
	go runAllDrained(n) // ok: the jobs' goroutines cannot block, so done is always closed
}

// Ticket is a running request that can also be expired from outside.
type Ticket struct{ over chan struct{} }

// Expire ends the ticket early.
func (t *Ticket) Expire() { close(t.over) }

// Await waits until the ticket is over.
func (t *Ticket) Await() { <-t.over }

// RunTicket starts a request that logs n records.
func RunTicket(l Logger, n int) *Ticket {
	t := &Ticket{over: make(chan struct{})}
	go func() { // want `GS1005: goroutine can block forever sending on "records"`
		defer close(t.over)
		for i := 0; i < n; i++ {
			l.Log(Record{})
		}
	}()
	return t
}

// awaitAll waits for tickets that something else may expire.
func awaitAll(n int) {
	records := make(chan Record)
	go func() {
		for r := range records {
			if r.Fatal {
				return
			}
		}
	}()
	tickets := make([]*Ticket, n)
	for i := range tickets {
		tickets[i] = RunTicket(LoggerFor(records), 10)
	}
	for i := range tickets {
		tickets[i].Await()
	}
	close(records)
}

// AwaitAll runs awaitAll in the background.
func AwaitAll(n int) {
	go awaitAll(n) // ok: Expire closes over too, not only the ticket's goroutine
}
