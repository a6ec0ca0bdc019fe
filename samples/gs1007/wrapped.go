package gs1007

// pump is what a relay drives: one type in the package implements it.
type pump interface {
	spin(stop <-chan struct{})
	push(v float64)
}

type meterPump struct {
	levels chan float64
	last   float64
}

func newMeterPump() pump {
	return &meterPump{levels: make(chan float64)}
}

func (m *meterPump) spin(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			m.last = <-m.levels
			return
		case v := <-m.levels:
			m.last = v
		}
	}
}

func (m *meterPump) push(v float64) {
	m.levels <- v
}

// relay reaches its pump through an interface field.
type relay struct {
	p pump
}

func (r *relay) serve(stop <-chan struct{}) {
	r.p.spin(stop)
}

func (r *relay) record(v float64) {
	r.p.push(v)
}

// Measure records through the relay, then stops it: the pump's last receive waits forever.
func Measure(samples []float64) {
	r := &relay{p: newMeterPump()}
	stop := make(chan struct{})
	go r.serve(stop) // want `GS1007: goroutine blocks forever receiving from "m.levels" once "stop" fires`
	for _, v := range samples {
		r.record(v)
	}
	close(stop)
}

// dial is driven by a station, as pump is by a relay.
type dial interface {
	turn(stop <-chan struct{})
	set(v float64)
}

type gaugeDial struct {
	marks chan float64
	last  float64
}

func (g *gaugeDial) turn(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			g.last = <-g.marks
			return
		case v := <-g.marks:
			g.last = v
		}
	}
}

func (g *gaugeDial) set(v float64) {
	g.marks <- v
}

type station struct {
	d dial
}

func (s *station) serve(stop <-chan struct{}) {
	s.d.turn(stop)
}

func (s *station) record(v float64) {
	s.d.set(v)
}

var spare = &gaugeDial{marks: make(chan float64)}

// Gauge shares one dial between every call: a later call may set it after this stop.
func Gauge(samples []float64) {
	s := &station{d: spare}
	stop := make(chan struct{})
	go s.serve(stop) // ok: the dial is shared, so another call's value may be drained
	for _, v := range samples {
		s.record(v)
	}
	close(stop)
}
