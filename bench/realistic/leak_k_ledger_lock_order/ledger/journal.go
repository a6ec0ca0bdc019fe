package ledger

import (
	"fmt"
	"sync"
	"time"
)

// Journal is an append-only record of transfers, synced on every write.
type Journal struct {
	mu      sync.Mutex
	entries []string
	sync    time.Duration
}

// NewJournal returns a journal whose writes take syncDelay to become durable.
func NewJournal(syncDelay time.Duration) *Journal {
	return &Journal{sync: syncDelay}
}

// Append records one transfer.
func (j *Journal) Append(from, to string, cents int64) error {
	time.Sleep(j.sync)
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries = append(j.entries, fmt.Sprintf("%s->%s %d", from, to, cents))
	return nil
}
