package gs5002

import "sync"

// Ledger keeps a running total.
type Ledger struct {
	mu     sync.Mutex
	frozen bool
	total  int
}

// settle clears the total, but keeps the lock when the ledger is frozen.
func (l *Ledger) settle() {
	l.mu.Lock() // want `GS5002: "l.mu" stays locked when settle returns here: the next Lock blocks forever`
	if l.frozen {
		return
	}
	l.total = 0
	l.mu.Unlock()
}

func (l *Ledger) add(n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total += n
}

// reconcileEarly adds before it starts the settler: that add cannot meet the kept lock.
func reconcileEarly(l *Ledger) {
	l.add(1)
	go l.settle() // want `GS5002: goroutine can return while it still holds "l.mu"`
}

// reconcileLate adds after it starts the settler: the add may wait for good.
func reconcileLate(l *Ledger) {
	go l.settle() // want `GS5002: goroutine can return while it still holds "l.mu"`
	l.add(1)
}

// StartEarly reconciles in the background.
func StartEarly(l *Ledger) {
	go reconcileEarly(l) // ok: its add comes before the settler can keep the lock
}

// StartLate reconciles in the background.
func StartLate(l *Ledger) {
	go reconcileLate(l) // want `GS5002: goroutine blocks forever locking "l.mu": it is left locked`
}
