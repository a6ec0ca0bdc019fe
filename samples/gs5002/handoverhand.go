package gs5002

import "sync"

// Item is one node of a list locked hand over hand.
type Item struct {
	mu   sync.Mutex
	key  int
	next *Item
}

// Contains walks the list holding at most two node locks: the next node is locked before
// the current one is released, so a node is never locked twice.
func Contains(head *Item, key int) bool {
	cur := head
	cur.mu.Lock()
	for cur.next != nil {
		nxt := cur.next
		nxt.mu.Lock()
		cur.mu.Unlock()
		cur = nxt
		if cur.key == key {
			cur.mu.Unlock()
			return true
		}
	}
	cur.mu.Unlock()
	return false
}

// Lookup runs the walk in a goroutine.
func Lookup(head *Item, key int) <-chan bool {
	res := make(chan bool, 1)
	go func() { // ok: nxt is a new node on every round, locked once
		res <- Contains(head, key)
	}()
	return res
}
