package gs2003

import (
	"context"
	"errors"
	"strings"
	"time"
)

// spellcheck gives up waiting for the count on a long document without telling the
// counter: it neither receives the count nor closes giveUp on that path.
func spellcheck(doc string) (int, error) {
	typos := make(chan int)
	giveUp := make(chan struct{})
	go func() { // want `GS2003: goroutine blocks forever in a select when spellcheck returns without receiving from "typos" or sending on or closing "giveUp"`
		n := strings.Count(doc, "teh")
		select {
		case typos <- n:
		case <-giveUp:
		}
	}()
	if len(doc) > 40 {
		return 0, errors.New("document too long")
	}
	n := <-typos
	close(giveUp)
	return n, nil
}

// spellcheckDeferred closes giveUp on every path.
func spellcheckDeferred(doc string) (int, error) {
	typos := make(chan int)
	giveUp := make(chan struct{})
	defer close(giveUp)
	go func() { // ok: the deferred close frees the select
		n := strings.Count(doc, "teh")
		select {
		case typos <- n:
		case <-giveUp:
		}
	}()
	if len(doc) > 40 {
		return 0, errors.New("document too long")
	}
	return <-typos, nil
}

// spellcheckTimed lets the counter give up on its own.
func spellcheckTimed(doc string) (int, error) {
	typos := make(chan int)
	go func() { // ok: time.After fires
		n := strings.Count(doc, "teh")
		select {
		case typos <- n:
		case <-time.After(time.Second):
		}
	}()
	if len(doc) > 40 {
		return 0, errors.New("document too long")
	}
	return <-typos, nil
}

// spellcheckHanded hands giveUp to code that may close it on the early path.
func spellcheckHanded(doc string) (int, error) {
	typos := make(chan int)
	giveUp := make(chan struct{})
	go func() { // ok: park may close giveUp
		n := strings.Count(doc, "teh")
		select {
		case typos <- n:
		case <-giveUp:
		}
	}()
	if len(doc) > 40 {
		park(giveUp)
		return 0, errors.New("document too long")
	}
	n := <-typos
	close(giveUp)
	return n, nil
}

var parked []chan struct{}

func park(ch chan struct{}) { parked = append(parked, ch) }

// redact feeds lines to a worker that leaves when in is closed or stop fires, and fires
// neither.
func redact(lines []string) []string {
	in, out := make(chan string), make(chan string, len(lines))
	stop := make(chan struct{})
	go func() { // want `GS2003: goroutine blocks forever in a select when redact returns without closing "in" or sending on or closing "stop"`
		for {
			select {
			case l, ok := <-in:
				if !ok {
					return
				}
				out <- strings.ReplaceAll(l, "secret", "***")
			case <-stop:
				return
			}
		}
	}()
	for _, l := range lines {
		in <- l
	}
	res := make([]string, 0, len(lines))
	for range lines {
		res = append(res, <-out)
	}
	return res
}

// redactClosed closes in once every line is sent: the worker leaves.
func redactClosed(lines []string) []string {
	in, out := make(chan string), make(chan string, len(lines))
	stop := make(chan struct{})
	go func() { // ok: close(in) takes the !ok way out
		for {
			select {
			case l, ok := <-in:
				if !ok {
					return
				}
				out <- strings.ReplaceAll(l, "secret", "***")
			case <-stop:
				return
			}
		}
	}()
	for _, l := range lines {
		in <- l
	}
	close(in)
	res := make([]string, 0, len(lines))
	for range lines {
		res = append(res, <-out)
	}
	return res
}

// lookup is a query in flight: stop cancels it.
type lookup struct {
	answers chan string
	stop    context.CancelFunc
}

// fetchFirst waits for the answer or the context; the early error path drops the lookup,
// and with it the only cancel.
func fetchFirst(q string) (*lookup, error) {
	ctx, cancel := context.WithCancel(context.Background())
	l := &lookup{answers: make(chan string, 1), stop: cancel}
	answers := make(chan string)
	go func() { // want `GS2003: goroutine blocks forever in a select when fetchFirst returns without receiving from "answers" or cancelling "ctx"`
		select {
		case answers <- strings.ToUpper(q):
		case <-ctx.Done():
		}
	}()
	if q == "" {
		return nil, errors.New("empty query")
	}
	l.answers <- <-answers
	return l, nil
}

// fetchFirstStopped cancels before giving up.
func fetchFirstStopped(q string) (*lookup, error) {
	ctx, cancel := context.WithCancel(context.Background())
	l := &lookup{answers: make(chan string, 1), stop: cancel}
	answers := make(chan string)
	go func() { // ok: the early path calls l.stop
		select {
		case answers <- strings.ToUpper(q):
		case <-ctx.Done():
		}
	}()
	if q == "" {
		l.stop()
		return nil, errors.New("empty query")
	}
	l.answers <- <-answers
	return l, nil
}

// fetchFirstTimeout's context always ends.
func fetchFirstTimeout(q string) (*lookup, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	l := &lookup{answers: make(chan string, 1), stop: cancel}
	answers := make(chan string)
	go func() { // ok: a timeout always fires
		select {
		case answers <- strings.ToUpper(q):
		case <-ctx.Done():
		}
	}()
	if q == "" {
		return nil, errors.New("empty query")
	}
	l.answers <- <-answers
	return l, nil
}

// fetchFirstCaller's context comes from the caller.
func fetchFirstCaller(parent context.Context, q string) (*lookup, error) {
	ctx, cancel := context.WithCancel(parent)
	l := &lookup{answers: make(chan string, 1), stop: cancel}
	answers := make(chan string)
	go func() { // ok: the caller may cancel parent
		select {
		case answers <- strings.ToUpper(q):
		case <-ctx.Done():
		}
	}()
	if q == "" {
		return nil, errors.New("empty query")
	}
	l.answers <- <-answers
	return l, nil
}

// waitStop waits in a one-case select for a stop that only one branch sends.
func waitStop(quick bool) {
	stop := make(chan bool)
	go func() { // want `GS1003: goroutine blocks forever receiving from "stop" when waitStop returns`
		select {
		case <-stop:
		}
	}()
	if quick {
		return
	}
	stop <- true
}

// waitStopBoth sends on both branches.
func waitStopBoth(quick bool) {
	stop := make(chan bool)
	go func() { // ok: every path sends
		select {
		case <-stop:
		}
	}()
	if quick {
		stop <- false
		return
	}
	stop <- true
}

// Paths runs the samples.
func Paths(ctx context.Context, doc string, lines []string) {
	_, _ = spellcheck(doc)
	_, _ = spellcheckDeferred(doc)
	_, _ = spellcheckTimed(doc)
	_, _ = spellcheckHanded(doc)
	_ = redact(lines)
	_ = redactClosed(lines)
	_, _ = fetchFirst(doc)
	_, _ = fetchFirstStopped(doc)
	_, _ = fetchFirstTimeout(doc)
	_, _ = fetchFirstCaller(ctx, doc)
	waitStop(doc == "")
	waitStopBoth(doc == "")
}

// crawler fetches the pages it is given until it is halted.
type crawler struct {
	pages chan string
	halt  chan struct{}
	root  string
}

func (c *crawler) fetchLoop() {
	for {
		select {
		case p := <-c.pages:
			c.visit(p)
		case <-c.halt:
			return
		}
	}
}

func (c *crawler) visit(p string) { _ = c.root + p }

func (c *crawler) validate() error {
	if !strings.HasPrefix(c.root, "https://") {
		return errors.New("not https: " + c.root)
	}
	return nil
}

// Halt stops the crawler.
func (c *crawler) Halt() { close(c.halt) }

// newCrawler drops the crawler when the root is invalid: nothing can halt its loop.
func newCrawler(root string) (*crawler, error) {
	c := &crawler{pages: make(chan string), halt: make(chan struct{}), root: root}
	go c.fetchLoop() // want `GS2003: goroutine blocks forever in a select when newCrawler returns without sending on or closing "c.halt"`
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// newCrawlerHalted halts it first.
func newCrawlerHalted(root string) (*crawler, error) {
	c := &crawler{pages: make(chan string), halt: make(chan struct{}), root: root}
	go c.fetchLoop() // ok: the error path halts the loop
	if err := c.validate(); err != nil {
		c.Halt()
		return nil, err
	}
	return c, nil
}

// Crawl runs the samples.
func Crawl(root string) {
	for _, start := range []func(string) (*crawler, error){newCrawler, newCrawlerHalted} {
		if c, err := start(root); err == nil {
			c.pages <- "/"
			c.Halt()
		}
	}
}
