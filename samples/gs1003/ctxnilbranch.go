package gs1003

import "context"

// dialer holds a connection context and the function that cancels it.
type dialer struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (d *dialer) shutdown() { d.cancel() }

func (d *dialer) awaitDial() { <-d.ctx.Done() }

// dialNil never sets its result, so its deferred cleanup never shuts the dialer down.
func dialNil(ctx context.Context) (conn *dialer) {
	d := &dialer{}
	d.ctx, d.cancel = context.WithCancel(context.Background())
	defer func() {
		if ctx.Err() != nil && conn != nil {
			conn.shutdown()
		}
	}()
	go d.awaitDial() // want `GS1003: goroutine blocks forever on "d.ctx.Done\(\)"`
	return conn
}

// DialNil dials on the caller's context.
func DialNil(ctx context.Context) { dialNil(ctx) }

// ---- look-alikes whose result can be set

// linker returns its dialer: the deferred cleanup may run.
type linker struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (l *linker) shutdown() { l.cancel() }

func (l *linker) awaitLink() { <-l.ctx.Done() }

func linkSet(ctx context.Context) (conn *linker) {
	l := &linker{}
	l.ctx, l.cancel = context.WithCancel(context.Background())
	defer func() {
		if ctx.Err() != nil && conn != nil {
			conn.shutdown()
		}
	}()
	go l.awaitLink() // ok: the result is l, so the deferred shutdown can run
	return l
}

// LinkSet links on the caller's context.
func LinkSet(ctx context.Context) { linkSet(ctx) }

// binder lends the address of its result to a callback.
type binder struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (b *binder) shutdown() { b.cancel() }

func (b *binder) awaitBind() { <-b.ctx.Done() }

func bindVia(fill func(**binder)) (conn *binder) {
	b := &binder{}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	defer func() {
		if conn != nil {
			conn.shutdown()
		}
	}()
	fill(&conn)
	go b.awaitBind() // ok: fill may set the result through its address
	return nil
}

// BindVia binds through the caller's callback.
func BindVia(fill func(**binder)) { bindVia(fill) }

// courier sets its result from a closure.
type courier struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (r *courier) shutdown() { r.cancel() }

func (r *courier) awaitCourier() { <-r.ctx.Done() }

func courierLater() (conn *courier) {
	r := &courier{}
	r.ctx, r.cancel = context.WithCancel(context.Background())
	set := func() { conn = r }
	defer func() {
		if conn != nil {
			conn.shutdown()
		}
	}()
	set()
	go r.awaitCourier() // ok: the closure set gives the result a value
	return
}

// CourierLater relays once.
func CourierLater() { courierLater() }
