// Package journal keeps a write-ahead journal whose flusher its constructor starts; the
// callers that drop it are in migrate.go.
package journal

type journal struct{ entries chan string }

func openJournal() *journal {
	j := &journal{entries: make(chan string)}
	go j.flush() // want `GS3001: range over "j.entries" never ends when applyMigrations returns without closing it` `GS4003: goroutine runs until close is called on the journal that openJournal returns; applyMigrations can return without calling it`
	return j
}

func (j *journal) flush() {
	for e := range j.entries {
		_ = e
	}
}

func (j *journal) add(e string) { j.entries <- e }

func (j *journal) close() { close(j.entries) }

type ledger struct{ rows chan string }

func openLedger() *ledger {
	l := &ledger{rows: make(chan string)}
	go l.flush() // ok: its one caller closes the ledger on every path (a deferred close)
	return l
}

func (l *ledger) flush() {
	for r := range l.rows {
		_ = r
	}
}

func (l *ledger) add(r string) { l.rows <- r }

func (l *ledger) close() { close(l.rows) }
