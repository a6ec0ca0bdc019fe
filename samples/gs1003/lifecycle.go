package gs1003

// worker handles jobs in the background until it is stopped.
type worker struct {
	jobs chan int
	quit chan struct{}
}

// start runs the worker's loop; only stop ends it.
func (w *worker) start() {
	go func() { // want `GS1003: goroutine blocks forever receiving from "w.quit": Forget never sends on it or closes it`
		for {
			select {
			case j := <-w.jobs:
				_ = j
			case <-w.quit:
				return
			}
		}
	}()
}

func (w *worker) stop() { close(w.quit) }

func (w *worker) add(j int) { w.jobs <- j }

// Forget starts a worker, feeds it and never stops it: its loop waits for quit forever.
func Forget(jobs []int) {
	w := &worker{jobs: make(chan int), quit: make(chan struct{})}
	w.start()
	for _, j := range jobs {
		w.add(j)
	}
}

// Remember stops the worker on the way out (no second finding on start's go statement).
func Remember(jobs []int) {
	w := &worker{jobs: make(chan int), quit: make(chan struct{})}
	w.start()
	defer w.stop()
	for _, j := range jobs {
		w.add(j)
	}
}

// Tail counts lines until told to stop, but returns without telling it.
func Tail(lines <-chan string) {
	stop := make(chan struct{})
	go func() { // want `GS1003: goroutine blocks forever receiving from "stop"`
		n := 0
		for {
			select {
			case <-lines:
				n++
			case <-stop:
				println(n)
				return
			}
		}
	}()
}

// TailStopped closes stop on the way out.
func TailStopped(lines <-chan string) {
	stop := make(chan struct{})
	defer close(stop)
	go func() { // ok: stop is closed when TailStopped returns
		for {
			select {
			case <-lines:
			case <-stop:
				return
			}
		}
	}()
}

// TailPaused can also end when lines is closed; stop only pauses it.
func TailPaused(lines <-chan string) {
	pause := make(chan struct{})
	go func() { // ok: a closed lines ends the loop; pause is not its only way out
		for {
			select {
			case _, ok := <-lines:
				if !ok {
					return
				}
			case <-pause:
			}
		}
	}()
}
