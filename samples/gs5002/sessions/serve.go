package sessions

import "fmt"

func handle(s *Store, id string) {
	if err := s.Open(id); err != nil {
		fmt.Println("open:", err)
		return
	}
	fmt.Println("sessions:", s.Count())
}

// Serve opens three sessions, one per request; the first request that finds the store full
// returns with the lock held, and every later request blocks in Open.
func Serve(id string) {
	s := NewStore(1)
	for i := 0; i < 3; i++ {
		go handle(s, id) // want `GS5002: goroutine can return while it still holds "s.mu": every later Lock blocks forever`
	}
}

func handleSafe(s *SafeStore, id string) {
	if err := s.Open(id); err != nil {
		fmt.Println("open:", err)
		return
	}
	fmt.Println("sessions:", s.Count())
}

// ServeSafe is Serve on a store that unlocks before it fails.
func ServeSafe(id string) {
	s := NewSafeStore(1)
	for i := 0; i < 3; i++ {
		go handleSafe(s, id) // ok: Open unlocks on every path
	}
}

func lookup(p *Parsed, k string) {
	v, err := p.Get(k)
	if err != nil {
		fmt.Println("bad key:", err)
		return
	}
	fmt.Println(v, p.Len())
}

// Lookup parses k in three requests; one that fails keeps the lock.
func Lookup(k string) {
	p := &Parsed{vals: map[string]int{}}
	for i := 0; i < 3; i++ {
		go lookup(p, k) // want `GS5002: goroutine can return while it still holds "p.mu": every later Lock blocks forever`
	}
}
