package gs1003

import "sync"

// Gate is opened by a Broadcast that nothing in this package ever sends.
type Gate struct {
	cond *sync.Cond
	open bool
}

func (g *Gate) await() {
	g.cond.L.Lock()
	for !g.open {
		g.cond.Wait()
	}
	g.cond.L.Unlock()
}

// Door is a Gate whose opening broadcasts.
type Door struct {
	bell *sync.Cond
	open bool
}

func (d *Door) await() {
	d.bell.L.Lock()
	for !d.open {
		d.bell.Wait()
	}
	d.bell.L.Unlock()
}

func (d *Door) unlock() {
	d.bell.L.Lock()
	d.open = true
	d.bell.L.Unlock()
	d.bell.Broadcast()
}

// awaitGate waits for a helper that waits on the gate before it closes done.
func awaitGate(g *Gate) {
	done := make(chan struct{})
	go func() { // want `GS5005: goroutine blocks forever in "g.cond.Wait"`
		g.await()
		close(done)
	}()
	<-done
}

// WatchGate runs awaitGate in a goroutine: the helper never closes done, so it never ends.
func WatchGate(g *Gate) {
	go func() { // want `GS1003: goroutine blocks forever receiving from "done": the goroutine that would send on or close it blocks forever first`
		awaitGate(g)
	}()
}

// WatchGateHere does the same in the goroutine itself.
func WatchGateHere(g *Gate) {
	go func() { // want `GS1003: goroutine blocks forever receiving from "done": the goroutine that would send on or close it blocks forever first`
		done := make(chan bool)
		go func() { // want `GS5005: goroutine blocks forever in "g.cond.Wait"`
			g.cond.L.Lock()
			g.cond.Wait()
			g.cond.L.Unlock()
			done <- true
		}()
		<-done
	}()
}

// WatchWorkers waits for a WaitGroup nothing counts down before it reports.
func WatchWorkers() {
	go func() { // want `GS1003: goroutine blocks forever receiving from "done": the goroutine that would send on or close it blocks forever first`
		var wg sync.WaitGroup
		wg.Add(1)
		done := make(chan struct{})
		go func() { // want `GS5001: goroutine blocks forever in "wg.Wait"`
			wg.Wait()
			close(done)
		}()
		<-done
	}()
}

// awaitDoor is awaitGate with a Door that is opened elsewhere.
func awaitDoor(d *Door) {
	done := make(chan struct{})
	go func() { // ok: unlock broadcasts, so the wait can end
		d.await()
		close(done)
	}()
	<-done
}

// WatchDoor starts awaitDoor and opens the door.
func WatchDoor(d *Door) {
	go func() { // ok: the helper's Wait ends, and it closes done
		awaitDoor(d)
	}()
	go d.unlock() // ok: nothing waits here
}

// WatchGateCloseFirst closes done before the helper gets stuck.
func WatchGateCloseFirst(g *Gate) {
	go func() { // ok: done is closed before the wait
		done := make(chan struct{})
		go func() { // want `GS5005: goroutine blocks forever in "g.cond.Wait"`
			close(done)
			g.await()
		}()
		<-done
	}()
}

// WatchGateSometimes waits on the gate on one branch only.
func WatchGateSometimes(g *Gate, slow bool) {
	go func() { // ok: when slow is false the helper closes done without waiting
		done := make(chan struct{})
		go func() { // want `GS5005: goroutine blocks forever in "g.cond.Wait"`
			if slow {
				g.await()
			}
			close(done)
		}()
		<-done
	}()
}

// WatchGateOrOther has a second helper that closes done without waiting.
func WatchGateOrOther(g *Gate) {
	go func() { // ok: the second helper closes done
		done := make(chan struct{})
		go func() { // want `GS5005: goroutine blocks forever in "g.cond.Wait"`
			g.await()
			done <- struct{}{}
		}()
		go func() { // ok: nothing blocks it
			close(done)
		}()
		<-done
	}()
}

// WatchWorkersDone counts the WaitGroup down before the helper waits.
func WatchWorkersDone() {
	go func() { // ok: Done lets the Wait end
		var wg sync.WaitGroup
		wg.Add(1)
		done := make(chan struct{})
		go func() { // ok: Done comes from the worker
			wg.Wait()
			close(done)
		}()
		go func() { // ok: it counts the group down
			wg.Done()
		}()
		<-done
	}()
}

func (g *Gate) awaitLater() {
	go g.await() // want `GS5005: goroutine blocks forever in "g.cond.Wait"`
}

// WatchGateLater leaves the waiting to a goroutine of its own: the helper closes done.
func WatchGateLater(g *Gate) {
	go func() { // ok: awaitLater returns at once
		done := make(chan struct{})
		go func() { // ok: the wait happens in another goroutine
			g.awaitLater()
			close(done)
		}()
		<-done
	}()
}

// closeAfterGate closes done once the gate opens, which it never does.
func closeAfterGate(g *Gate, done chan struct{}) {
	g.await()
	close(done)
}

// closeAfterDoor closes done once the door opens.
func closeAfterDoor(d *Door, done chan struct{}) {
	d.await()
	close(done)
}

// WatchGateNamed starts a named helper that waits on the gate before it closes done.
func WatchGateNamed(g *Gate) {
	go func() { // want `GS1003: goroutine blocks forever receiving from "done": the goroutine that would send on or close it blocks forever first`
		done := make(chan struct{})
		go closeAfterGate(g, done) // want `GS5005: goroutine blocks forever in "g.cond.Wait"`
		<-done
	}()
}

// WatchDoorNamed starts a named helper whose door is opened.
func WatchDoorNamed(d *Door) {
	go func() { // ok: unlock broadcasts, so the helper closes done
		done := make(chan struct{})
		go closeAfterDoor(d, done) // ok: its wait ends
		go d.unlock()              // ok: nothing waits here
		<-done
	}()
}

// ReportToWaiter hands its result to a helper that first waits for workers nobody counts
// down: the send has no receiver that ever comes.
func ReportToWaiter() {
	go func() { // want `GS1002: goroutine blocks forever sending on "results": the goroutine that would receive from it blocks forever first`
		var wg sync.WaitGroup
		wg.Add(1)
		results := make(chan int)
		go func() { // want `GS5001: goroutine blocks forever in "wg.Wait"`
			wg.Wait()
			<-results
		}()
		results <- 1
	}()
}

// ReportToWaiterBuffered leaves the result in a buffer.
func ReportToWaiterBuffered() {
	go func() { // ok: the buffer takes the send
		var wg sync.WaitGroup
		wg.Add(1)
		results := make(chan int, 1)
		go func() { // want `GS5001: goroutine blocks forever in "wg.Wait"`
			wg.Wait()
			<-results
		}()
		results <- 1
	}()
}

// DrainAfterGate ranges over values whose closer waits on the gate first.
func DrainAfterGate(g *Gate) {
	go func() { // want `GS3001: goroutine blocks forever ranging over "vals": the goroutine that would close it blocks forever first`
		vals := make(chan int)
		go func() { // want `GS5005: goroutine blocks forever in "g.cond.Wait"`
			g.await()
			close(vals)
		}()
		for range vals {
		}
	}()
}
