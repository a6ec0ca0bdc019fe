package classic

import "log"

// Await starts a goroutine waiting for a result or an error that nothing ever delivers:
// every case of its select is blocked, so it never exits.
func Await(job string) {
	results, errs := make(chan string), make(chan error)
	go func() { // want "GS2003"
		select {
		case r := <-results:
			log.Println(job, r)
		case err := <-errs:
			log.Println(job, err)
		}
	}()
	log.Println("started", job)
}
