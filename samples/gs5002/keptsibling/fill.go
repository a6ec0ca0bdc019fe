package keptsibling

// fill submits jobs until the backlog is full, and forgets the lock add kept.
func fill(n int) int {
	b := newBacklog(2, 3)
	defer b.stop()
	added := 0
	for i := 0; i < n; i++ {
		if err := b.add(job{id: i}); err != nil {
			break
		}
		added++
	}
	return added
}

// push releases the lock tryPush keeps when the ring is full.
func push(n int) int {
	r := newRing(2)
	defer r.stop()
	pushed := 0
	for i := 0; i < n; i++ {
		if !r.tryPush(job{id: i}) {
			r.release()
			break
		}
		pushed++
	}
	return pushed
}
