package main

import "sync"

// warehouse is an in-memory stand-in for the orders fact table.
type warehouse struct {
	mu     sync.Mutex
	orders map[int]orderRow
}

func newWarehouse() *warehouse {
	return &warehouse{orders: make(map[int]orderRow)}
}

func (w *warehouse) upsert(r orderRow) {
	w.mu.Lock()
	w.orders[r.ID] = r
	w.mu.Unlock()
}

func (w *warehouse) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.orders)
}

func (w *warehouse) totalCents() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	var sum int64
	for _, o := range w.orders {
		sum += o.Cents
	}
	return sum
}

// load upserts every row it receives and reports how many it wrote.
func load(rows <-chan orderRow, wh *warehouse) int {
	n := 0
	for r := range rows {
		wh.upsert(r)
		n++
	}
	return n
}
