// Command methods leaks goroutines started by methods: a literal inside a method, named
// (*Pool).Run.func1 by the compiler, and `go s.loop()`, which runs through a wrapper that
// profiles hide. It writes its goroutine profiles with -out DIR.
package main

import (
	"flag"

	"gostuck.dev/samples/leakdemo/dump"
)

// Pool scales each job by size.
type Pool struct{ size int }

// Run starts three workers and takes the first result; the other two wait forever.
func (p *Pool) Run() int {
	results := make(chan int)
	for i := range 3 {
		go func() { // want "GS1002"
			results <- i * p.size
		}()
	}
	return <-results
}

// Server handles requests one at a time.
type Server struct{ reqs chan int }

func (s *Server) loop() {
	for r := range s.reqs {
		_ = r
	}
}

// serve sends one request to a loop that nobody stops.
func serve() {
	s := &Server{reqs: make(chan int)}
	go s.loop() // want "GS3001"
	s.reqs <- 1
}

func main() {
	flag.Parse()
	p := &Pool{size: 2}
	p.Run()
	p.Run()
	for range 5 {
		serve()
	}
	dump.Must(dump.Write())
}
