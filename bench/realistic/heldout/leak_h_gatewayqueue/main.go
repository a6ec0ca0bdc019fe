// IoT gateway that buffers sensor telemetry in an in-memory queue and uploads it with a pool of uplink workers. Leak: closing the queue only sets a flag and never wakes consumers parked in cond.Wait, so the idle uplink workers wait forever.
package main

import (
	"fmt"
	"sync"
	"time"

	"realistic/heldout/leak_h_gatewayqueue/queue"
	"realistic/internal/leakprobe"
)

type Telemetry struct {
	Device string
	Seq    int
	Temp   float64
}

type Uplink struct {
	mu       sync.Mutex
	uploaded map[string]int
}

func (u *Uplink) Publish(t Telemetry) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.uploaded[t.Device]++
}

type Gateway struct {
	buf    *queue.Queue[Telemetry]
	uplink *Uplink
}

func (g *Gateway) startWorkers(n int) {
	for i := 0; i < n; i++ {
		go g.uplinkWorker()
	}
}

func (g *Gateway) uplinkWorker() {
	for {
		t, ok := g.buf.Get()
		if !ok {
			return
		}
		g.uplink.Publish(t)
	}
}

func (g *Gateway) Ingest(t Telemetry) {
	if !g.buf.Put(t) {
		fmt.Println("gateway closed, dropping", t.Device, t.Seq)
	}
}

// Shutdown lets the workers drain the buffer, then closes it.
func (g *Gateway) Shutdown(grace time.Duration) {
	deadline := time.Now().Add(grace)
	for g.buf.Len() > 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	g.buf.Close()
}

func main() {
	g := &Gateway{buf: queue.New[Telemetry](), uplink: &Uplink{uploaded: make(map[string]int)}}
	g.startWorkers(2)

	for seq := 1; seq <= 4; seq++ {
		for _, dev := range []string{"boiler-1", "boiler-2", "chiller-7"} {
			g.Ingest(Telemetry{Device: dev, Seq: seq, Temp: 40 + float64(seq)})
		}
		time.Sleep(3 * time.Millisecond)
	}
	g.Shutdown(50 * time.Millisecond)

	g.uplink.mu.Lock()
	fmt.Println("uploaded:", g.uplink.uploaded)
	g.uplink.mu.Unlock()

	leakprobe.Done()
}
