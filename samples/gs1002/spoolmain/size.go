package main

// spoolSize is how many records a spool holds.
const spoolSize = 4

func (s *spool) setup()      { s.sized(spoolSize) }
func (s *spool) sized(n int) { s.recs = make(chan string, n) }
