package main

import (
	"fmt"
	"time"
)

// StockBackend is the old inventory SOAP client; it has no context support.
type StockBackend interface {
	Stock(sku string) (int, error)
}

type stockReply struct {
	count int
	err   error
}

// asyncStock runs the blocking backend call on its own goroutine so callers can
// put a deadline on it.
func asyncStock(b StockBackend, sku string) <-chan stockReply {
	ch := make(chan stockReply)
	go func() {
		n, err := b.Stock(sku)
		ch <- stockReply{count: n, err: err}
	}()
	return ch
}

type legacyInventory struct {
	stock map[string]int
	slow  map[string]time.Duration
}

func (l *legacyInventory) Stock(sku string) (int, error) {
	if d, ok := l.slow[sku]; ok {
		time.Sleep(d) // warehouse lookup goes through the batch system
	}
	n, ok := l.stock[sku]
	if !ok {
		return 0, fmt.Errorf("unknown sku %q", sku)
	}
	return n, nil
}
