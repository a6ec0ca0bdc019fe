// Quota gate that asks every replica of the quota service and takes the first answer: the slower replicas' goroutines block forever sending answers nobody reads.
package main

import (
	"errors"
	"fmt"
	"time"

	"realistic/internal/leakprobe"
)

// Replica is one copy of the quota service.
type Replica struct {
	Name    string
	Latency time.Duration
	used    map[string]int
}

// Remaining reports how many requests tenant may still make.
func (r *Replica) Remaining(tenant string, limit int) (int, error) {
	time.Sleep(r.Latency)
	if tenant == "" {
		return 0, errors.New("quota: empty tenant")
	}
	return limit - r.used[tenant], nil
}

type answer struct {
	replica   string
	remaining int
	err       error
}

// checkQuota returns the first answer any replica gives.
func checkQuota(replicas []*Replica, tenant string, limit int) (answer, error) {
	answers := make(chan answer)
	for _, r := range replicas {
		go func(r *Replica) {
			n, err := r.Remaining(tenant, limit)
			answers <- answer{replica: r.Name, remaining: n, err: err}
		}(r)
	}
	select {
	case a := <-answers:
		return a, a.err
	case <-time.After(500 * time.Millisecond):
		return answer{}, errors.New("quota: no replica answered")
	}
}

func main() {
	used := map[string]int{"acme": 40, "globex": 99}
	replicas := []*Replica{
		{Name: "quota-a", Latency: 5 * time.Millisecond, used: used},
		{Name: "quota-b", Latency: 40 * time.Millisecond, used: used},
		{Name: "quota-c", Latency: 60 * time.Millisecond, used: used},
	}
	a, err := checkQuota(replicas, "acme", 100)
	if err != nil {
		fmt.Println("check:", err)
	} else {
		fmt.Printf("acme: %d left (from %s)\n", a.remaining, a.replica)
	}
	leakprobe.Done()
}
