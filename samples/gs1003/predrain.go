package gs1003

// mailbox carries one reply from a responder goroutine.
type mailbox struct {
	reply chan string
}

// serve starts the responder that fills the mailbox.
func (m *mailbox) serve(q string) {
	go func() {
		m.reply <- q + "!"
	}()
}

// await reads the reply before any responder exists.
func (m *mailbox) await(q string) string {
	r := <-m.reply
	m.serve(q)
	return r
}

// AskBackwards waits for the reply before it starts the responder.
func AskBackwards(q string) {
	go func() { // want `GS1003: goroutine blocks forever receiving from "m.reply": the channel is empty`
		m := &mailbox{reply: make(chan string, 1)}
		println(m.await(q))
	}()
}

// AskForwards starts the responder first.
func AskForwards(q string) {
	go func() { // ok: the responder exists before the receive
		m := &mailbox{reply: make(chan string, 1)}
		m.serve(q)
		println(<-m.reply)
	}()
}

// AskPrimed puts a default reply in the mailbox first.
func AskPrimed(q string) {
	go func() { // ok: the buffer holds one value for the receive
		m := &mailbox{reply: make(chan string, 1)}
		m.reply <- "default"
		println(m.await(q))
	}()
}
