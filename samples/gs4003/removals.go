package gs4003

import (
	"sync"
	"time"
)

// refresher keeps one value fresh until its expire channel is closed.
type refresher struct {
	value  string
	expire chan struct{}
}

func (r *refresher) loop(every time.Duration, load func() string) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			r.value = load()
		case <-r.expire:
			return
		}
	}
}

// hotCache refreshes hot keys in the background; Close stops every refresher.
type hotCache struct {
	mu      sync.Mutex
	byKey   map[string]*refresher
	load    func() string
	refresh time.Duration
}

func (c *hotCache) warm(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[key]; ok {
		return
	}
	r := &refresher{expire: make(chan struct{})}
	c.byKey[key] = r
	go r.loop(c.refresh, c.load) // want `GS4003: goroutine runs until its refresher is released; the hotCache keeps them in byKey and releases those it holds, but invalidate deletes one without releasing it`
}

// invalidate drops the key, and with it the only way to stop its refresher.
func (c *hotCache) invalidate(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.byKey, key)
}

func (c *hotCache) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, r := range c.byKey {
		close(r.expire)
		delete(c.byKey, k)
	}
}

// cronJob runs every interval until Cancel.
type cronJob struct {
	every     time.Duration
	cancelled chan struct{}
	runs      int
}

func (j *cronJob) run() {
	t := time.NewTicker(j.every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			j.runs++
		case <-j.cancelled:
			return
		}
	}
}

func (j *cronJob) Cancel() { close(j.cancelled) }

// crontab keeps one job per name; Apply starts a new one when the interval changes.
type crontab struct {
	wg   sync.WaitGroup
	jobs map[string]*cronJob
}

func (c *crontab) start(every time.Duration) *cronJob {
	j := &cronJob{every: every, cancelled: make(chan struct{})}
	c.wg.Add(1)
	go func() { // want `GS4003: goroutine runs until its cronJob is released; the crontab keeps them in jobs and releases those it holds, but Apply overwrites one without releasing it`
		defer c.wg.Done()
		j.run()
	}()
	return j
}

// Apply replaces a job whose interval changed, and the old one keeps running.
func (c *crontab) Apply(name string, every time.Duration) {
	cur, ok := c.jobs[name]
	if ok && cur.every == every {
		return
	}
	c.jobs[name] = c.start(every)
}

func (c *crontab) Stop() {
	for name, j := range c.jobs {
		j.Cancel()
		delete(c.jobs, name)
	}
	c.wg.Wait()
}

// poller is the same object kept by holders that release what they remove.
type poller struct {
	retired chan struct{}
}

func (p *poller) poll() {
	for {
		select {
		case <-p.retired:
			return
		case <-time.After(time.Second):
		}
	}
}

func (p *poller) Stop() { close(p.retired) }

type pollers struct {
	byHost map[string]*poller
	retire []*poller
}

func (ps *pollers) add(host string) {
	p := &poller{retired: make(chan struct{})}
	go p.poll() // ok: every place that takes a poller out of byHost stops it or hands it on first
	if old, ok := ps.byHost[host]; ok {
		old.Stop()
	}
	ps.byHost[host] = p
}

// replace overwrites only where the host was absent.
func (ps *pollers) replace(host string) {
	cur, ok := ps.byHost[host]
	if !ok {
		ps.byHost[host] = &poller{retired: make(chan struct{})}
		return
	}
	_ = cur
}

// remove stops the poller after taking it out.
func (ps *pollers) remove(host string) {
	p := ps.byHost[host]
	delete(ps.byHost, host)
	if p != nil {
		p.Stop()
	}
}

// park hands the removed poller on to be stopped later.
func (ps *pollers) park(host string) {
	p := ps.byHost[host]
	delete(ps.byHost, host)
	ps.retire = append(ps.retire, p)
}

// overwrite without a lookup first: nothing says a poller is there to be replaced.
func (ps *pollers) set(host string, p *poller) {
	ps.byHost[host] = p
}

func (ps *pollers) Close() {
	for _, p := range ps.byHost {
		p.Stop()
	}
	for _, p := range ps.retire {
		p.Stop()
	}
}

// board keeps watchers but never stops them itself: who owns them is not its question.
type watcher struct {
	gone chan struct{}
}

func (w *watcher) watch() {
	<-w.gone
}

func (w *watcher) Close() { close(w.gone) }

type board struct {
	byID map[int]*watcher
}

func (b *board) add(id int) *watcher {
	w := &watcher{gone: make(chan struct{})}
	b.byID[id] = w
	go w.watch() // ok: board has no method that releases every watcher it keeps, so a delete is not dropping its last owner
	return w
}

func (b *board) forget(id int) { delete(b.byID, id) }
