// Schema migration tool that applies a migration plan to every database shard in parallel and aborts on the first failure. Leak: the error channel is sized for one message per shard, but a shard reports every failed statement, so once the caller has returned the slower shards block on a full channel.
package main

import (
	"fmt"
	"strings"
	"time"

	"realistic/internal/leakprobe"
)

// Shard is one physical database holding part of the tenants.
type Shard struct {
	Name    string
	Latency time.Duration
	Broken  map[string]bool // statements that fail on this shard
}

func (s *Shard) Exec(stmt string) error {
	time.Sleep(s.Latency)
	if s.Broken[stmt] {
		return fmt.Errorf("%s: %q: relation already exists", s.Name, firstWords(stmt, 3))
	}
	return nil
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, " ")
}

// Migrator applies a plan to shards. In ContinueOnError mode a shard runs every
// statement and reports each failure, so operators see the full damage.
type Migrator struct {
	Plan            []string
	ContinueOnError bool
}

func (m *Migrator) applyShard(s *Shard, errs chan<- error) {
	for _, stmt := range m.Plan {
		if err := s.Exec(stmt); err != nil {
			errs <- err
			if !m.ContinueOnError {
				return
			}
		}
	}
	errs <- nil
}

// Apply migrates all shards and returns the first error reported.
func (m *Migrator) Apply(shards []*Shard) error {
	errs := make(chan error, len(shards))
	for _, s := range shards {
		go m.applyShard(s, errs)
	}
	for range shards {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

func main() {
	plan := []string{
		"CREATE TABLE invoices_v2 (id bigint primary key, tenant_id bigint, total_cents bigint)",
		"CREATE INDEX invoices_v2_tenant ON invoices_v2 (tenant_id)",
		"CREATE TABLE invoice_lines_v2 (invoice_id bigint, sku text, qty int)",
	}
	broken := map[string]bool{plan[0]: true, plan[1]: true, plan[2]: true}
	shards := []*Shard{
		{Name: "pg-eu-1", Latency: 20 * time.Millisecond},
		{Name: "pg-eu-2", Latency: time.Millisecond, Broken: broken},
		{Name: "pg-us-1", Latency: 25 * time.Millisecond},
	}

	m := &Migrator{Plan: plan, ContinueOnError: true}
	if err := m.Apply(shards); err != nil {
		fmt.Println("migration aborted:", err)
	} else {
		fmt.Println("migration applied to all shards")
	}

	leakprobe.Done()
}
