package gs2001

import (
	"log"
	"time"
)

// gauge samples a value until it is told to quit.
type gauge struct {
	quit    chan struct{}
	samples chan float64
}

// newGauge starts the gauge's loop; the loop's quit case only leaves the select.
func newGauge() *gauge {
	g := &gauge{quit: make(chan struct{}), samples: make(chan float64)}
	go g.loop() // want `GS2001: goroutine never exits`
	return g
}

func (g *gauge) loop() {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case v := <-g.samples:
			log.Println("sample", v)
		case <-tick.C:
			log.Println("tick")
		case <-g.quit:
			break
		}
	}
}

// Close asks the loop to stop.
func (g *gauge) Close() { close(g.quit) }

// measureAll makes a gauge per probe: each one leaves a goroutine behind.
func measureAll(probes []string) {
	for _, p := range probes {
		g := newGauge()
		log.Println("measuring", p)
		g.Close()
	}
}

// meter samples until quit, and its quit case leaves the loop.
type meter struct {
	quit    chan struct{}
	samples chan float64
}

// newMeter starts the meter's loop: its quit case returns.
func newMeter() *meter {
	m := &meter{quit: make(chan struct{}), samples: make(chan float64)}
	go m.loop() // ok: the quit case returns, and Close fires it
	return m
}

func (m *meter) loop() {
	for {
		select {
		case v := <-m.samples:
			log.Println("sample", v)
		case <-m.quit:
			return
		}
	}
}

// Close stops the loop.
func (m *meter) Close() { close(m.quit) }

// meterAll makes a meter per probe and closes each.
func meterAll(probes []string) {
	for _, p := range probes {
		m := newMeter()
		log.Println("metering", p)
		m.Close()
	}
}

// process is the package's one long-lived gauge, made once when the package starts.
var process = newDaemonGauge()

// daemonGauge samples for as long as the process runs: it has no way to stop.
type daemonGauge struct {
	samples chan float64
}

// newDaemonGauge is called once, by a package-level initializer: its loop lives as long as
// the process by design.
func newDaemonGauge() *daemonGauge {
	d := &daemonGauge{samples: make(chan float64)}
	go d.loop() // ok: started once per process
	return d
}

func (d *daemonGauge) loop() {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case v := <-d.samples:
			log.Println("sample", v)
		case <-tick.C:
			log.Println("tick")
		}
	}
}

var _ = measureAll
var _ = meterAll
