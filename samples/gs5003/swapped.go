package gs5003

import "sync"

// Two values of one type locked in opposite orders: the lock is the same field, so only
// the values tell the orders apart.

// transfer locks from, then to.
func transfer(from, to *Account, amount int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

// Settle moves money both ways at once.
func Settle() {
	alice, bob := &Account{balance: 10}, &Account{balance: 20}
	go transfer(alice, bob, 1) // want `GS5003: goroutine can deadlock: it locks "to.mu" while holding "from.mu", and another goroutine locks the same two values in the opposite order`
	go transfer(bob, alice, 2) // want `GS5003: goroutine can deadlock: it locks "to.mu" while holding "from.mu", and another goroutine locks the same two values in the opposite order`
}

// SettleOneWay moves money one way twice.
func SettleOneWay() {
	alice, bob := &Account{balance: 10}, &Account{balance: 20}
	go transfer(alice, bob, 1) // ok: both goroutines lock alice first
	go transfer(alice, bob, 2) // ok: both goroutines lock alice first
}

// startTransfer runs one transfer in its own goroutine and returns at once.
func startTransfer(from, to *Account, amount int) {
	go func() { // want `GS5003: goroutine can deadlock: it locks "to.mu" while holding "from.mu", and startTransfer is called again with those arguments swapped`
		transfer(from, to, amount)
	}()
}

// Rebalance starts two transfers in opposite directions.
func Rebalance(a, b *Account) {
	startTransfer(a, b, 5)
	startTransfer(b, a, 5)
}

// runTransfer waits for its goroutine: the two calls never overlap.
func runTransfer(from, to *Account, amount int) {
	done := make(chan struct{})
	go func() { // ok: runTransfer waits for the goroutine before it returns
		defer close(done)
		transfer(from, to, amount)
	}()
	<-done
}

// RebalanceInTurn runs the two transfers one after the other.
func RebalanceInTurn(a, b *Account) {
	runTransfer(a, b, 5)
	runTransfer(b, a, 5)
}

// startOrdered locks the two accounts in one order, whatever the argument order.
func startOrdered(x, y *Account, amount int) {
	go func() { // ok: the lock order is decided by the values, not by the caller
		first, second := x, y
		if x.balance > y.balance {
			first, second = y, x
		}
		first.mu.Lock()
		defer first.mu.Unlock()
		second.mu.Lock()
		defer second.mu.Unlock()
		x.balance -= amount
		y.balance += amount
	}()
}

// RebalanceOrdered starts two transfers in opposite directions on one lock order.
func RebalanceOrdered(a, b *Account) {
	startOrdered(a, b, 5)
	startOrdered(b, a, 5)
}

// snapshot read-locks both views: readers do not exclude each other.
func snapshot(x, y *View) int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	y.mu.RLock()
	defer y.mu.RUnlock()
	return x.n + y.n
}

// View is read by many goroutines.
type View struct {
	mu sync.RWMutex
	n  int
}

// Compare reads two views both ways at once.
func Compare(v, w *View) {
	go snapshot(v, w) // ok: two read locks never wait for each other
	go snapshot(w, v) // ok: two read locks never wait for each other
}

// startEither transfers one way or the other, never both.
func startEither(a, b *Account, back bool) {
	if back {
		startTransfer2(b, a)
	} else {
		startTransfer2(a, b)
	}
}

// startTransfer2 is startTransfer, called on one branch or the other only.
func startTransfer2(from, to *Account) {
	go transfer(from, to, 1) // ok: its two calls are on two branches of one if
}
