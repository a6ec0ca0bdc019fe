// Authoritative DNS server that answers from an in-memory zone and applies zone transfers from the primary in the background. Leak: Lookup returns NXDOMAIN without releasing its read lock, so the next zone transfer blocks in Lock forever.
package main

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

var ErrNXDomain = errors.New("NXDOMAIN")

type RR struct {
	Name  string
	Type  string
	TTL   int
	Value string
}

type Zone struct {
	mu      sync.RWMutex
	origin  string
	serial  uint32
	records map[string][]RR
}

func NewZone(origin string, serial uint32, rrs []RR) *Zone {
	z := &Zone{origin: origin}
	z.load(serial, rrs)
	return z
}

func (z *Zone) load(serial uint32, rrs []RR) {
	z.serial = serial
	z.records = make(map[string][]RR)
	for _, rr := range rrs {
		key := strings.ToLower(rr.Name) + "/" + rr.Type
		z.records[key] = append(z.records[key], rr)
	}
}

// Lookup answers a query for name and type from the zone.
func (z *Zone) Lookup(name, qtype string) ([]RR, error) {
	z.mu.RLock()
	if !strings.HasSuffix(name, z.origin) {
		z.mu.RUnlock()
		return nil, fmt.Errorf("%s: not authoritative", name)
	}
	rrs, ok := z.records[strings.ToLower(name)+"/"+qtype]
	if !ok {
		return nil, fmt.Errorf("%s %s: %w", name, qtype, ErrNXDomain)
	}
	out := append([]RR(nil), rrs...)
	z.mu.RUnlock()
	return out, nil
}

// ApplyTransfer replaces the zone contents with a newer serial from the primary.
func (z *Zone) ApplyTransfer(serial uint32, rrs []RR) bool {
	z.mu.Lock()
	defer z.mu.Unlock()
	if serial <= z.serial {
		return false
	}
	z.load(serial, rrs)
	return true
}

func main() {
	z := NewZone("corp.example.", 2024060101, []RR{
		{Name: "vpn.corp.example.", Type: "A", TTL: 300, Value: "198.51.100.10"},
		{Name: "git.corp.example.", Type: "A", TTL: 300, Value: "198.51.100.22"},
		{Name: "corp.example.", Type: "MX", TTL: 3600, Value: "10 mx1.corp.example."},
	})

	for _, q := range [][2]string{
		{"vpn.corp.example.", "A"},
		{"www.example.net.", "A"},
		{"wiki.corp.example.", "A"},
		{"corp.example.", "MX"},
	} {
		rrs, err := z.Lookup(q[0], q[1])
		if err != nil {
			fmt.Println(";;", err)
			continue
		}
		for _, rr := range rrs {
			fmt.Printf("%s\t%d\tIN\t%s\t%s\n", rr.Name, rr.TTL, rr.Type, rr.Value)
		}
	}

	// NOTIFY from the primary: pull and apply the new serial in the background.
	applied := make(chan bool, 1)
	go func() {
		applied <- z.ApplyTransfer(2024060102, []RR{
			{Name: "vpn.corp.example.", Type: "A", TTL: 300, Value: "198.51.100.11"},
			{Name: "wiki.corp.example.", Type: "A", TTL: 300, Value: "198.51.100.40"},
		})
	}()
	select {
	case ok := <-applied:
		fmt.Println("zone transfer applied:", ok)
	case <-time.After(100 * time.Millisecond):
		fmt.Println("zone transfer still pending")
	}

	leakprobe.Done()
}
