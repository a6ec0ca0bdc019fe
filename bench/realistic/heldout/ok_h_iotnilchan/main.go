// IoT gateway that attaches sensors and forwards their readings upstream, restoring previously paired sensors at boot. Correct: restored sensors are built with NewDevice, so every device has a readings channel that its poller closes.
package main

import (
	"fmt"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

// Gateway forwards device readings to the cloud uplink.
type Gateway struct {
	mu      sync.Mutex
	devices map[string]*Device
	uplink  chan<- Reading
	wg      sync.WaitGroup
}

func NewGateway(uplink chan<- Reading) *Gateway {
	return &Gateway{devices: make(map[string]*Device), uplink: uplink}
}

// Attach starts sampling the device and forwarding its readings.
func (g *Gateway) Attach(d *Device, samples int) {
	g.mu.Lock()
	g.devices[d.ID] = d
	g.mu.Unlock()

	g.wg.Add(1)
	go d.poll(samples)
	go g.forward(d)
}

func (g *Gateway) forward(d *Device) {
	defer g.wg.Done()
	for r := range d.readings {
		g.uplink <- r
	}
}

type pairing struct {
	ID       string
	Metric   string
	Interval time.Duration
}

// restore re-attaches devices paired before the last reboot.
func (g *Gateway) restore(saved []pairing) {
	for _, p := range saved {
		g.Attach(NewDevice(p.ID, p.Metric, p.Interval), 3)
	}
}

func main() {
	uplink := make(chan Reading, 64)
	gw := NewGateway(uplink)

	gw.Attach(NewDevice("thermo-12", "temp_c", 5*time.Millisecond), 3)
	gw.Attach(NewDevice("hygro-3", "rh_pct", 7*time.Millisecond), 3)
	gw.restore([]pairing{{ID: "thermo-44", Metric: "temp_c", Interval: 5 * time.Millisecond}})

	done := make(chan struct{})
	go func() {
		gw.wg.Wait()
		close(done)
	}()

	count := map[string]int{}
	timeout := time.After(120 * time.Millisecond)
loop:
	for {
		select {
		case r := <-uplink:
			count[r.DeviceID]++
		case <-done:
			break loop
		case <-timeout:
			fmt.Println("uplink: timed out waiting for devices")
			break loop
		}
	}
	for _, id := range []string{"thermo-12", "hygro-3", "thermo-44"} {
		fmt.Printf("%-10s %d readings\n", id, count[id])
	}

	leakprobe.Done()
}
