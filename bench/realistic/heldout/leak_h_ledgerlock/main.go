// Card payment service that authorises charges against prepaid wallets, each request handled on its own goroutine with a client timeout. Leak: Charge returns on an unknown wallet while still holding the mutex, so every later request blocks in Lock forever.
package main

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

var (
	ErrUnknownWallet = errors.New("unknown wallet")
	ErrDeclined      = errors.New("insufficient balance")
)

type WalletService struct {
	mu       sync.Mutex
	balances map[string]int64
	holds    map[string]int64
}

func NewWalletService(opening map[string]int64) *WalletService {
	return &WalletService{balances: opening, holds: make(map[string]int64)}
}

// Charge places a hold for the amount on the wallet.
func (s *WalletService) Charge(wallet, ref string, cents int64) error {
	s.mu.Lock()
	bal, ok := s.balances[wallet]
	if !ok {
		return fmt.Errorf("charge %s: %w %q", ref, ErrUnknownWallet, wallet)
	}
	if bal < cents {
		s.mu.Unlock()
		return fmt.Errorf("charge %s: %w", ref, ErrDeclined)
	}
	s.balances[wallet] = bal - cents
	s.holds[ref] = cents
	s.mu.Unlock()
	return nil
}

type chargeRequest struct {
	Ref    string
	Wallet string
	Cents  int64
}

// handle serves one API request; the client gives up after timeout.
func handle(svc *WalletService, req chargeRequest, timeout time.Duration) string {
	errc := make(chan error, 1)
	go func() { errc <- svc.Charge(req.Wallet, req.Ref, req.Cents) }()
	select {
	case err := <-errc:
		if err != nil {
			return "402 " + err.Error()
		}
		return "201 authorised"
	case <-time.After(timeout):
		return "504 upstream timeout"
	}
}

func main() {
	svc := NewWalletService(map[string]int64{"w-ana": 5_000, "w-ben": 800})
	for _, req := range []chargeRequest{
		{Ref: "ch_1", Wallet: "w-ana", Cents: 1_250},
		{Ref: "ch_2", Wallet: "w-ben", Cents: 1_000},
		{Ref: "ch_3", Wallet: "w-cleo", Cents: 300},
		{Ref: "ch_4", Wallet: "w-ana", Cents: 700},
		{Ref: "ch_5", Wallet: "w-ben", Cents: 200},
	} {
		fmt.Printf("%s: %s\n", req.Ref, handle(svc, req, 25*time.Millisecond))
	}

	leakprobe.Done()
}
