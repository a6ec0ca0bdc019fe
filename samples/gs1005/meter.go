package gs1005

import "sync"

// meter keeps a running total that readers ask for through its loop.
type meter struct {
	reads chan chan int
	quit  chan struct{}
	gone  chan struct{}
	mu    sync.Mutex
	adds  int
}

func newMeter() *meter {
	return &meter{
		reads: make(chan chan int),
		quit:  make(chan struct{}),
		gone:  make(chan struct{}),
	}
}

// loop answers readers until quit fires, then leaves for good.
func (m *meter) loop() {
	total := 0
	for {
		select {
		case reply := <-m.reads:
			total++
			reply <- total
		case <-m.quit:
			close(m.gone)
			return
		}
	}
}

// Read asks the loop for the total: a plain send, no way out if the loop is gone.
func (m *meter) Read() int {
	reply := make(chan int, 1)
	m.reads <- reply
	return <-reply
}

// TryRead gives up when the meter shuts down.
func (m *meter) TryRead() (int, bool) {
	reply := make(chan int, 1)
	select {
	case m.reads <- reply:
		return <-reply, true
	case <-m.gone:
		return 0, false
	}
}

// Shutdown tells the loop to leave and waits until it has.
func (m *meter) Shutdown() {
	close(m.quit)
	<-m.gone
}

// ReadWhileClosing reads and shuts down at the same time: if Shutdown wins, Read's send
// has no receiver left.
func ReadWhileClosing() {
	m := newMeter()
	go m.loop()
	go m.Read() // want `GS1005: goroutine can block forever sending on "m.reads": the goroutine serving it returns once "m.quit" fires, which nothing orders after this send`
	go m.Shutdown()
}

// ShutdownThenRead starts the shutdown first: the read still races it.
func ShutdownThenRead() {
	m := newMeter()
	go m.loop()
	go m.Shutdown()
	go m.Read() // want `GS1005: .*"m.reads".*"m.quit"`
}

// ReadThenClose closes quit itself, without waiting for the reader.
func ReadThenClose() {
	m := newMeter()
	go m.loop()
	go m.Read() // want `GS1005: .*"m.reads"`
	close(m.quit)
}

// ReadSafely gives the reader a way out.
func ReadSafely() {
	m := newMeter()
	go m.loop()
	go m.TryRead() // ok: the send is a select case with a way out once the loop is gone
	go m.Shutdown()
}

// ReadThenWait waits for the reader before closing quit.
func ReadThenWait() {
	m := newMeter()
	go m.loop()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok: quit is closed only after wg.Wait, once the read is done
		defer wg.Done()
		m.Read()
	}()
	wg.Wait()
	close(m.quit)
}

// ReadInline reads on the owner's own path before shutting down.
func ReadInline() int {
	m := newMeter()
	go m.loop() // ok: the read happens before the shutdown, on the same path
	n := m.Read()
	m.Shutdown()
	return n
}

// Close tells the loop to leave and waits until it has.
func (m *meter) Close() {
	close(m.quit)
	<-m.gone
}

// Drain waits for pending adds before telling the loop to leave.
func (m *meter) Drain(pending *sync.WaitGroup) {
	pending.Wait()
	close(m.quit)
}

// ReadThenCloseInline closes through a method whose first step is the close.
func ReadThenCloseInline() {
	m := newMeter()
	go m.loop()
	go m.Read() // want `GS1005: .*"m.reads".*"m.quit"`
	m.Close()
}

// ReadThenDrain closes through a method that first waits for the readers.
func ReadThenDrain() {
	m := newMeter()
	go m.loop()
	var pending sync.WaitGroup
	pending.Add(1)
	go func() { // ok: Drain waits for pending before it closes quit
		defer pending.Done()
		m.Read()
	}()
	m.Drain(&pending)
}
