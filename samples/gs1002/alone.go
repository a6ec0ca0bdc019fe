package gs1002

import "sync"

// A goroutine that only touches what it made itself is the only one who could ever receive
// from its channels: once a buffer is full, its next send on that channel never completes.

type sink interface {
	push()
}

// spool buffers pushes on out; nothing in this package ever receives from it.
type spool struct {
	out chan struct{}
}

func (f *spool) push() { f.out <- struct{}{} }

func (f *spool) init(size int) { f.out = make(chan struct{}, size) }

type route struct {
	to sink
}

// hub remembers the routes of each stream id.
type hub struct {
	sync.Mutex
	streams map[int]map[int]*route
}

func newHub() *hub { return &hub{streams: make(map[int]map[int]*route)} }

func (h *hub) register(id int, routes map[int]*route) {
	h.Lock()
	h.streams[id] = routes
	h.Unlock()
}

// pending lists the sinks of stream id.
func (h *hub) pending(id int) []sink {
	h.Lock()
	out := make([]sink, 0)
	for _, r := range h.streams[id] {
		out = append(out, r.to)
	}
	h.Unlock()
	return out
}

// flush pushes once more to every sink registered under id.
func (h *hub) flush(id int) {
	for _, s := range h.pending(id) {
		s.push()
	}
}

// FlushAfterPush pushes to left, then flushes every registered sink: left's one slot is
// already taken, in whatever order the routes come out of the map.
func FlushAfterPush() {
	go func() { // want `GS1002: goroutine blocks forever sending on "f.out": its buffer of 1 is full`
		h := newHub()
		left := &spool{}
		left.init(1)
		right := &spool{}
		right.init(1)
		h.register(7, map[int]*route{0: {to: left}, 1: {to: right}})
		left.push()
		h.flush(7)
	}()
}

// PushTwiceThroughSlice reaches the same spool twice through a slice literal.
func PushTwiceThroughSlice() {
	go func() { // want `GS1002: goroutine blocks forever sending on "f.out": its buffer of 1 is full`
		a := &spool{}
		a.init(1)
		for _, s := range []sink{a, a} {
			s.push()
		}
	}()
}

// FlushWithRoom has a slot left for the flush.
func FlushWithRoom() {
	go func() { // ok: two slots, two pushes to left
		h := newHub()
		left := &spool{}
		left.init(2)
		right := &spool{}
		right.init(1)
		h.register(7, map[int]*route{0: {to: left}, 1: {to: right}})
		left.push()
		h.flush(7)
	}()
}

// FlushOtherStream flushes a stream nobody registered: the loop runs over nothing.
func FlushOtherStream() {
	go func() { // ok: no sink is registered under 8
		h := newHub()
		left := &spool{}
		left.init(1)
		h.register(7, map[int]*route{0: {to: left}})
		left.push()
		h.flush(8)
	}()
}

// FlushEmptyRoutes registers an empty set of routes.
func FlushEmptyRoutes() {
	go func() { // ok: the loop over an empty map pushes nothing
		h := newHub()
		left := &spool{}
		left.init(1)
		h.register(7, map[int]*route{})
		left.push()
		h.flush(7)
	}()
}

// drainSpool receives everything f gets.
func drainSpool(f *spool) {
	for range f.out {
	}
}

// FlushWithReader hands left to a goroutine that receives from it.
func FlushWithReader() {
	go func() { // ok: another goroutine receives from left
		h := newHub()
		left := &spool{}
		left.init(1)
		go drainSpool(left)
		h.register(7, map[int]*route{0: {to: left}})
		left.push()
		h.flush(7)
	}()
}

// FlushShared pushes to a spool the caller also holds, and the caller receives.
func FlushShared() {
	left := &spool{}
	left.init(1)
	go func() { // ok: the caller shares left and receives from it
		h := newHub()
		h.register(7, map[int]*route{0: {to: left}})
		left.push()
		h.flush(7)
	}()
	<-left.out
	<-left.out
}

// FlushUnlessOne decides by a value only the caller knows.
func FlushUnlessOne(n int) {
	go func() { // ok: whether the flush runs depends on n
		h := newHub()
		left := &spool{}
		left.init(1)
		h.register(7, map[int]*route{0: {to: left}})
		left.push()
		if n != 1 {
			h.flush(7)
		}
	}()
}
