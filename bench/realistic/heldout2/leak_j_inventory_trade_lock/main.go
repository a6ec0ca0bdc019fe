// MMO trading service that locks both players' inventories to swap items, taking the initiator's lock first; two trades between the same players started from opposite sides lock in opposite orders and deadlock each other.
package main

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type inventory struct {
	mu     sync.Mutex
	player string
	items  map[string]int
}

var errMissingItem = errors.New("item not in inventory")

type auditLog struct {
	mu      sync.Mutex
	entries []string
}

func (a *auditLog) record(format string, args ...any) {
	time.Sleep(10 * time.Millisecond) // synchronous write to the audit store
	a.mu.Lock()
	a.entries = append(a.entries, fmt.Sprintf(format, args...))
	a.mu.Unlock()
}

type tradeService struct {
	audit *auditLog
}

// Trade moves give from the initiator to the partner and take back the other way.
func (s *tradeService) Trade(initiator, partner *inventory, give, take string) error {
	initiator.mu.Lock()
	defer initiator.mu.Unlock()
	if initiator.items[give] == 0 {
		return fmt.Errorf("trade %s->%s: %s: %w", initiator.player, partner.player, give, errMissingItem)
	}
	s.audit.record("trade opened by %s: %s for %s", initiator.player, give, take)

	partner.mu.Lock()
	defer partner.mu.Unlock()
	if partner.items[take] == 0 {
		return fmt.Errorf("trade %s->%s: %s: %w", initiator.player, partner.player, take, errMissingItem)
	}
	initiator.items[give]--
	partner.items[give]++
	partner.items[take]--
	initiator.items[take]++
	return nil
}

func main() {
	svc := &tradeService{audit: &auditLog{}}
	ayla := &inventory{player: "ayla", items: map[string]int{"iron-sword": 1, "healing-potion": 4}}
	brom := &inventory{player: "brom", items: map[string]int{"dragon-scale": 2, "mana-potion": 3}}
	cyd := &inventory{player: "cyd", items: map[string]int{"bow": 1}}

	if err := svc.Trade(cyd, ayla, "bow", "healing-potion"); err != nil {
		fmt.Println(err)
	}

	outcomes := make(chan error, 2)
	go func() { outcomes <- svc.Trade(ayla, brom, "iron-sword", "dragon-scale") }()
	go func() { outcomes <- svc.Trade(brom, ayla, "mana-potion", "healing-potion") }()

	timeout := time.After(200 * time.Millisecond)
wait:
	for i := 0; i < 2; i++ {
		select {
		case err := <-outcomes:
			if err != nil {
				fmt.Println(err)
			}
		case <-timeout:
			fmt.Println("trade requests timed out")
			break wait
		}
	}

	leakprobe.Done()
}
