package gs1003

import "errors"

type nameLookup struct {
	key   string
	reply chan string
}

// Directory answers lookups from one goroutine.
type Directory struct {
	lookups chan nameLookup
	names   map[string]string
}

// NewDirectory starts the directory's server.
func NewDirectory(names map[string]string) *Directory {
	d := &Directory{lookups: make(chan nameLookup), names: names}
	go d.serve()
	return d
}

func (d *Directory) serve() {
	for req := range d.lookups {
		v, ok := d.names[req.key]
		if !ok {
			continue // the requester never hears back
		}
		req.reply <- v
	}
}

// Find asks the server and waits for its answer.
func (d *Directory) Find(key string) string {
	reply := make(chan string)
	d.lookups <- nameLookup{key: key, reply: reply}
	return <-reply
}

// FindBoth looks two names up concurrently.
func FindBoth(d *Directory, out chan<- string) {
	for _, k := range [...]string{"primary", "backup"} {
		go func() { // want `GS1003: goroutine can block forever receiving from "reply" in Find: serve takes the request and can go on without replying`
			out <- d.Find(k)
		}()
	}
}

type query struct {
	key   string
	reply chan error
}

// Registry answers every query, an error included.
type Registry struct {
	queries chan query
	known   map[string]bool
}

// NewRegistry starts the registry's server.
func NewRegistry(known map[string]bool) *Registry {
	r := &Registry{queries: make(chan query), known: known}
	go r.serve()
	return r
}

func (r *Registry) serve() {
	for q := range r.queries {
		if !r.known[q.key] {
			q.reply <- errors.New("unknown " + q.key)
			continue
		}
		q.reply <- nil
	}
}

// Check asks the registry and waits for its answer.
func (r *Registry) Check(key string) error {
	q := query{key: key, reply: make(chan error)}
	r.queries <- q
	return <-q.reply
}

// CheckBoth checks two keys concurrently.
func CheckBoth(r *Registry, out chan<- error) {
	for _, k := range [...]string{"primary", "backup"} {
		go func() { // ok: the registry replies on every path
			out <- r.Check(k)
		}()
	}
}
