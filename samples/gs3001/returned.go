package gs3001

// task is one unit of work for a worker.
type task struct{ id int }

func handleTask(t task) { _ = t.id }

// startWorker returns the channel its worker ranges over: the caller must close it.
func startWorker() chan<- task {
	tasks := make(chan task)
	go func() { // want `GS3001: range over "tasks" never ends: SubmitTwo never closes the channel`
		for t := range tasks {
			handleTask(t)
		}
	}()
	return tasks
}

// SubmitTwo hands two tasks to a worker and forgets it.
func SubmitTwo() {
	w := startWorker()
	w <- task{1}
	w <- task{2}
}

// SubmitAndClose hands its tasks over, then closes the channel: the worker ends.
func SubmitAndClose(ids []int) {
	w := startWorker()
	for _, id := range ids {
		w <- task{id}
	}
	close(w)
}
