package gs1003

// lamp and siren each have a field named off; only the siren's is ever closed.
type lamp struct {
	off chan struct{}
}

type siren struct {
	off chan struct{}
}

func newLamp() *lamp   { return &lamp{off: make(chan struct{})} }
func newSiren() *siren { return &siren{off: make(chan struct{})} }

func (s *siren) silence() { close(s.off) }

// AwaitLamp waits for the lamp's off, which nothing closes: the siren's off is another field.
func AwaitLamp(l *lamp) {
	go func() { // want `GS1003: goroutine blocks forever receiving from "off": nothing in the package ever sends on it or closes it`
		<-l.off
	}()
}

// AwaitSiren waits for the siren's off, which silence closes.
func AwaitSiren(s *siren) {
	go func() { // ok: silence closes off
		<-s.off
	}()
}

// beacon and flare each have a field named dim; a close on a value whose type is not known
// counts for both.
type beacon struct {
	dim chan struct{}
}

type flare struct {
	dim chan struct{}
}

func dimAll(fs map[string]*flare) {
	for _, f := range fs {
		close(f.dim)
	}
}

// AwaitBeacon waits for a beacon's dim: a close through a map's values may be any dim.
func AwaitBeacon(b *beacon) {
	go func() { // ok: dimAll closes a dim whose owner's type is not established
		<-b.dim
	}()
}

// Use keeps the helpers referenced.
func UseLights() {
	newSiren().silence()
	_ = newLamp()
	dimAll(nil)
	_ = &beacon{dim: make(chan struct{})}
}
