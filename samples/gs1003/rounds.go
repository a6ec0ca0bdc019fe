package gs1003

// WatchGateRounds waits on the gate in every one of three rounds before it closes done:
// the loop runs at least once, so done is never closed.
func WatchGateRounds(g *Gate) {
	go func() { // want `GS1003: goroutine blocks forever receiving from "done": the goroutine that would send on or close it blocks forever first`
		done := make(chan struct{})
		go func() { // want `GS5005: goroutine blocks forever in "g.cond.Wait"`
			for i := 0; i < 3; i++ {
				g.cond.L.Lock()
				g.cond.Wait()
				g.cond.L.Unlock()
			}
			close(done)
		}()
		<-done
	}()
}

// WatchGateNRounds waits on the gate n times: with n == 0 the helper closes done at once.
func WatchGateNRounds(g *Gate, n int) {
	go func() { // ok: the loop may run zero times
		done := make(chan struct{})
		go func() { // want `GS5005: goroutine blocks forever in "g.cond.Wait"`
			for i := 0; i < n; i++ {
				g.cond.L.Lock()
				g.cond.Wait()
				g.cond.L.Unlock()
			}
			close(done)
		}()
		<-done
	}()
}
