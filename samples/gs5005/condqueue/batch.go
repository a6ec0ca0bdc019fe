package condqueue

type job struct{ id int }

func consume(q *Queue[job], out func(job)) {
	for {
		j, ok := q.Pop()
		if !ok {
			return
		}
		out(j)
	}
}

// RunBatch starts workers consumers and closes the queue once the jobs are in.
func RunBatch(jobs []job, workers int, out func(job)) {
	q := NewQueue[job]()
	for i := 0; i < workers; i++ {
		go consume(q, out) // want `GS5005: goroutine can block forever in "q.cond.Wait": one goroutine per round of a loop wait on it, and after Close, called by RunBatch, sets "q.closed" it is signalled only once`
	}
	for _, j := range jobs {
		q.Push(j)
	}
	q.Close()
}

func drain(q *BQueue[job], out func(job)) {
	for {
		j, ok := q.Pop()
		if !ok {
			return
		}
		out(j)
	}
}

// RunBroadcastBatch is RunBatch on a queue whose Close broadcasts.
func RunBroadcastBatch(jobs []job, workers int, out func(job)) {
	q := NewBQueue[job]()
	for i := 0; i < workers; i++ {
		go drain(q, out) // ok: Close wakes every consumer
	}
	for _, j := range jobs {
		q.Push(j)
	}
	q.Close()
}

// RunDeferred closes the queue when it returns: the deferred Close still signals once.
func RunDeferred(jobs []job, workers int, out func(job)) {
	q := NewQueue[job]()
	defer q.Close()
	for i := 0; i < workers; i++ {
		go consume(q, out) // want `GS5005: goroutine can block forever in "q.cond.Wait": one goroutine per round of a loop wait on it, and after Close, called by RunDeferred, sets "q.closed" it is signalled only once`
	}
	for _, j := range jobs {
		q.Push(j)
	}
}

// RunDeferredBroadcast defers the Close of a queue that broadcasts.
func RunDeferredBroadcast(jobs []job, workers int, out func(job)) {
	q := NewBQueue[job]()
	defer q.Close()
	for i := 0; i < workers; i++ {
		go drain(q, out) // ok: the deferred Close wakes every consumer
	}
	for _, j := range jobs {
		q.Push(j)
	}
}
