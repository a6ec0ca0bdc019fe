package gs5001

import "sync"

// fanout starts one search per backend through a method that gets the WaitGroup by address.
type fanout struct {
	backends []string
	enabled  map[string]bool
}

// launch counts every backend up front but starts no goroutine for a disabled one.
func (f *fanout) launch(wg *sync.WaitGroup, out chan<- string) {
	wg.Add(len(f.backends))
	for _, b := range f.backends {
		if !f.enabled[b] {
			continue
		}
		go func() {
			defer wg.Done()
			out <- b
		}()
	}
}

func (f *fanout) search() <-chan string {
	out := make(chan string, len(f.backends))
	var wg sync.WaitGroup
	f.launch(&wg, out)
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": "wg.Add\(len\(f.backends\)\)" in launch counts every round of the loop, and a round that leaves here starts no goroutine to call Done`
		wg.Wait()
		close(out)
	}()
	return out
}

// launchAll starts a goroutine on every round: every Add is matched.
func (f *fanout) launchAll(wg *sync.WaitGroup, out chan<- string) {
	wg.Add(len(f.backends))
	for _, b := range f.backends {
		go func() {
			defer wg.Done()
			if f.enabled[b] {
				out <- b
			}
		}()
	}
}

func (f *fanout) searchAll() <-chan string {
	out := make(chan string, len(f.backends))
	var wg sync.WaitGroup
	f.launchAll(&wg, out)
	go func() { // ok: every round of launchAll starts a goroutine that calls Done
		wg.Wait()
		close(out)
	}()
	return out
}

// launchVia hands the WaitGroup on to a function value: its Dones are not ours to see.
func (f *fanout) launchVia(wg *sync.WaitGroup, out chan<- string, start func(*sync.WaitGroup)) {
	wg.Add(len(f.backends))
	for _, b := range f.backends {
		if !f.enabled[b] {
			continue
		}
		out <- b
		start(wg)
	}
}

func (f *fanout) searchVia(start func(*sync.WaitGroup)) <-chan string {
	out := make(chan string, len(f.backends))
	var wg sync.WaitGroup
	f.launchVia(&wg, out, start)
	go func() { // ok: launchVia hands the WaitGroup on: not judged
		wg.Wait()
		close(out)
	}()
	return out
}
