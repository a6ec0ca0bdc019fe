package gs1002

import "sync/atomic"

type ledgerState uint32

const (
	ledgerOpen ledgerState = iota
	ledgerClosed
)

const ledgerSize = 2

type ledgerGate struct {
	state ledgerState
}

func (g *ledgerGate) closeGate() {
	atomic.StoreUint32((*uint32)(&g.state), uint32(ledgerClosed))
}

// Ledger buffers entries for a reader in another package.
type Ledger struct {
	ledgerGate
	entries chan int
}

// Close stops the ledger and drops one entry; importers may call it at any time.
func (l *Ledger) Close() {
	l.closeGate()
	select {
	case <-l.entries:
	default:
	}
}

// Take drops one entry: importers may call it too.
func (l *Ledger) Take() int { return <-l.entries }

// Record adds an entry while the ledger is open.
func (l *Ledger) Record(v int) {
	if ledgerState(atomic.LoadUint32((*uint32)(&l.state))) == ledgerOpen {
		l.entries <- v
	}
}

func (l *Ledger) init() { l.entries = make(chan int, ledgerSize) }

type journal struct {
	Ledger
}

// Journal shares a filled ledger with a helper: importers may drain or close it.
func Journal(publish func(*journal)) {
	go func() { // ok: the exported Take and Close may run, from another package
		j := &journal{}
		j.init()
		for i := 0; i < ledgerSize; i++ {
			j.Record(i)
		}
		publish(j)
		go func() { // ok: an importer may make room
			j.Record(-1)
		}()
		j.Record(ledgerSize)
	}()
}

// JournalAlone fills its ledger one entry past its size before anyone else holds it.
func JournalAlone() {
	go func() { // want `GS1002: goroutine blocks forever sending on "j.Ledger.entries": its buffer of 2 is full`
		j := &journal{}
		j.init()
		for i := 0; i <= ledgerSize; i++ {
			j.entries <- i
		}
	}()
}

// JournalGated records through the gate: importers may have closed it (Close is exported).
func JournalGated() {
	go func() { // ok: the gate's state is written by code other packages may run
		j := &journal{}
		j.init()
		for i := 0; i <= ledgerSize; i++ {
			j.Record(i)
		}
	}()
}
