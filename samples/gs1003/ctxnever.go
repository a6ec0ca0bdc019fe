package gs1003

import "context"

// txn owns a context and the only function that cancels it.
type txn struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// beginTxn derives the transaction's context; only txn.close cancels it.
func beginTxn(parent context.Context) *txn {
	ctx, cancel := context.WithCancel(parent)
	t := &txn{ctx: ctx, cancel: cancel}
	go t.awaitDone() // want `GS1003: goroutine blocks forever on "t.ctx.Done\(\)"`
	return t
}

func (t *txn) awaitDone() {
	<-t.ctx.Done()
}

// rollback is the one way to close a txn, and nothing in the package calls it.
func (t *txn) rollback() { t.close() }

func (t *txn) close() { t.cancel() }

// RunTxn starts a transaction on a context nothing can cancel.
func RunTxn() {
	beginTxn(context.Background())
}

// rows cancels its context only once the goroutine waiting on it has woken up.
type rows struct {
	stop context.CancelFunc
}

func (r *rows) watch(ctx context.Context) {
	ctx, r.stop = context.WithCancel(ctx)
	go r.awaitRows(ctx) // want `GS1003: goroutine blocks forever on "ctx.Done\(\)"`
}

func (r *rows) awaitRows(ctx context.Context) {
	<-ctx.Done()
	r.finish()
}

func (r *rows) finish() { r.stop() }

// WatchRows watches rows on a context nothing else holds.
func WatchRows() {
	r := &rows{}
	r.watch(context.WithValue(context.TODO(), rowsKey{}, 1))
}

type rowsKey struct{}

// ---- look-alikes that can end

// session is a txn whose close an exported method reaches: other packages may call it.
type session struct {
	sctx context.Context
	stop context.CancelFunc
}

// OpenSession opens a session its caller closes.
func OpenSession() *session {
	ctx, cancel := context.WithCancel(context.Background())
	s := &session{sctx: ctx, stop: cancel}
	go s.awaitSession() // ok: Close, callable from other packages, cancels it
	return s
}

func (s *session) awaitSession() { <-s.sctx.Done() }

// Close ends the session.
func (s *session) Close() { s.stop() }

// StartWatch hands its caller's context on: the caller may cancel it.
func StartWatch(ctx context.Context) {
	go func() { // ok: the parent context comes from other packages
		<-ctx.Done()
	}()
}

// WatchDeadline waits for a deadline, which always comes.
func WatchDeadline() {
	ctx, cancel := context.WithTimeout(context.Background(), 1)
	go func() { // ok: the timeout ends it
		<-ctx.Done()
	}()
	_ = cancel
}

// WatchDeferred cancels on return.
func WatchDeferred() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { // ok: the deferred cancel ends it
		<-ctx.Done()
	}()
}

// ticket cancels from a method that runs: watchTicket calls it.
type ticket struct {
	tctx context.Context
	done context.CancelFunc
}

func (k *ticket) awaitTicket() { <-k.tctx.Done() }

func (k *ticket) punch() { k.done() }

// WatchTicket punches its ticket at once.
func WatchTicket() {
	ctx, cancel := context.WithCancel(context.Background())
	k := &ticket{tctx: ctx, done: cancel}
	go k.awaitTicket() // ok: punch, called below, cancels it
	k.punch()
}

// rowsEarly cancels before the wait in another goroutine's reach.
type rowsEarly struct {
	abort context.CancelFunc
}

// Watch starts the waiter.
func (r *rowsEarly) Watch() {
	ctx, abort := context.WithCancel(context.Background())
	r.abort = abort
	go r.awaitEarly(ctx) // ok: abort runs before the wait
}

func (r *rowsEarly) awaitEarly(ctx context.Context) {
	r.abort()
	<-ctx.Done()
}
