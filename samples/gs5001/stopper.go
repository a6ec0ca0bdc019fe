package gs5001

import "sync"

// stopper counts its workers; wait blocks until they are all done.
type stopper struct {
	wg sync.WaitGroup
}

func (s *stopper) wait() {
	s.wg.Wait()
}
