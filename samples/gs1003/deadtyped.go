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

// beacon and flare each have a field named dim; the values of a map of flares are flares,
// so closing their dim closes no beacon's.
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

// AwaitBeacon waits for a beacon's dim, which nothing closes: dimAll closes flares' only.
func AwaitBeacon(b *beacon) {
	go func() { // want `GS1003: goroutine blocks forever receiving from "dim": nothing in the package ever sends on it or closes it`
		<-b.dim
	}()
}

// torch and ember each have a field named glow; a close on a value whose type is not known
// counts for both.
type torch struct {
	glow chan struct{}
}

type ember struct {
	glow chan struct{}
}

func embers() map[string]*ember { return nil }

func glowAll() {
	for _, e := range embers() {
		close(e.glow)
	}
}

// AwaitTorch waits for a torch's glow: a close through values of unknown type may be any glow.
func AwaitTorch(t *torch) {
	go func() { // ok: glowAll closes a glow whose owner's type is not established
		<-t.glow
	}()
}

// Use keeps the helpers referenced.
func UseLights() {
	newSiren().silence()
	_ = newLamp()
	dimAll(nil)
	_ = &beacon{dim: make(chan struct{})}
	glowAll()
	_ = &torch{glow: make(chan struct{})}
}
