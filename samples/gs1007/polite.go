package gs1007

// inbox drains without blocking when it stops.
type inbox struct {
	mail chan string
	read []string
}

func (b *inbox) loop(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			select {
			case m := <-b.mail:
				b.read = append(b.read, m)
			default:
			}
			return
		case m := <-b.mail:
			b.read = append(b.read, m)
		}
	}
}

func (b *inbox) deliver(m string) {
	b.mail <- m
}

// Deliver stops the loop after the last delivery; the loop only peeks at the inbox.
func Deliver(msgs []string) {
	b := &inbox{mail: make(chan string)}
	stop := make(chan struct{})
	go b.loop(stop) // ok: the last receive is a select with a default
	for _, m := range msgs {
		b.deliver(m)
	}
	close(stop)
}

// queue has room for one value: a send can complete with no receiver.
type queue struct {
	items chan int
	got   []int
}

func (q *queue) loop(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			q.got = append(q.got, <-q.items)
			return
		case v := <-q.items:
			q.got = append(q.got, v)
		}
	}
}

func (q *queue) put(v int) {
	q.items <- v
}

// Fill leaves its last value in the buffer, where the drain finds it.
func Fill(values []int) {
	q := &queue{items: make(chan int, 1)}
	stop := make(chan struct{})
	go q.loop(stop) // ok: the buffer may hold a value for the drain
	for _, v := range values {
		q.put(v)
	}
	close(stop)
}

// Ledger is used by code outside this package too.
type Ledger struct {
	entries chan int
	total   int
}

func (l *Ledger) loop(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			l.total += <-l.entries
			return
		case e := <-l.entries:
			l.total += e
		}
	}
}

// Post is exported: callers in other packages may post after the stop.
func (l *Ledger) Post(e int) {
	l.entries <- e
}

// Settle posts and stops.
func Settle(values []int) {
	l := &Ledger{entries: make(chan int)}
	stop := make(chan struct{})
	go l.loop(stop) // ok: Post can be called from other packages at any time
	for _, v := range values {
		l.Post(v)
	}
	close(stop)
}
