package gs4003

import (
	"fmt"
	"time"
)

// ticker refills a budget until Stop.
type ticker struct {
	halt chan struct{}
	n    int
}

func newTicker(every time.Duration) *ticker {
	t := &ticker{halt: make(chan struct{})}
	go t.run(every) // want `GS4003: goroutine runs until Stop is called on the ticker that newTicker returns; the pool keeps it in byHost and Close releases them, but crawl never calls Close`
	return t
}

func (t *ticker) run(every time.Duration) {
	tk := time.NewTicker(every)
	defer tk.Stop()
	for {
		select {
		case <-tk.C:
			t.n++
		case <-t.halt:
			return
		}
	}
}

func (t *ticker) Stop() { close(t.halt) }

// pool keeps one ticker per host and stops them all in Close.
type pool struct {
	byHost map[string]*ticker
}

func newPool() *pool { return &pool{byHost: make(map[string]*ticker)} }

func (p *pool) get(host string) *ticker {
	t, ok := p.byHost[host]
	if !ok {
		t = newTicker(time.Second)
		p.byHost[host] = t
	}
	return t
}

// Close stops every ticker the pool made.
func (p *pool) Close() {
	for h, t := range p.byHost {
		t.Stop()
		delete(p.byHost, h)
	}
}

// crawl makes a pool per call and never closes it: every host's ticker keeps running.
func crawl(hosts []string) {
	p := newPool()
	for _, h := range hosts {
		fmt.Println(h, p.get(h).n)
	}
}

// crawlClosed closes its pool.
func crawlClosed(hosts []string) {
	p := newPool()
	defer p.Close()
	for _, h := range hosts {
		fmt.Println(h, p.get(h).n)
	}
}

// meter keeps its own tickers but stops only the first: no method stops them all.
type meter struct {
	byName map[string]*ticker
}

func newMeter() *meter { return &meter{byName: make(map[string]*ticker)} }

func (m *meter) add(name string) {
	t := newTicker(time.Minute) // ok: no method of meter stops every ticker it keeps, so this is not the owner's question
	m.byName[name] = t
}

func (m *meter) stopOne(name string) {
	if t, ok := m.byName[name]; ok {
		t.Stop()
	}
}

// CrawlAll crawls each site twice.
func CrawlAll(sites [][]string) {
	for _, s := range sites {
		crawl(s)
		crawlClosed(s)
		m := newMeter()
		m.add("x")
		m.stopOne("x")
	}
}
