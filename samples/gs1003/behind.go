package gs1003

// Stream logs records, then waits to be released; finished is closed when it returns.
type Stream struct {
	release  chan struct{}
	finished chan struct{}
}

// Stop releases the stream and waits for its goroutine to return.
func (s *Stream) Stop() {
	close(s.release)
	<-s.finished
}

// OpenStream starts a stream that logs n records.
func OpenStream(l Logger, n int) *Stream {
	s := &Stream{release: make(chan struct{}), finished: make(chan struct{})}
	go func() { // want `GS1005: goroutine can block forever sending on "records"` `GS1003: goroutine can block forever receiving from "release": it is closed only in Stop, which runs again only after a point where its goroutine can block forever`
		defer close(s.finished)
		for i := 0; i < n; i++ {
			l.Log(Record{})
		}
		<-s.release
	}()
	return s
}

// streamAll stops the streams one after the other: once one Stop waits forever, the
// streams after it are never released.
func streamAll(n int) {
	records := make(chan Record)
	go func() {
		for r := range records {
			if r.Fatal {
				return
			}
		}
	}()
	streams := make([]*Stream, n)
	for i := range streams {
		streams[i] = OpenStream(LoggerFor(records), 10)
	}
	for i := range streams {
		streams[i].Stop()
	}
	close(records)
}

// StreamAll runs streamAll in the background.
func StreamAll(n int) {
	go streamAll(n) // want `GS1003: goroutine can block forever receiving from "finished": it is closed only when the goroutine running the func literal in OpenStream returns`
}

// Feed logs records, then waits to be released; over is closed when it returns.
type Feed struct {
	free chan struct{}
	over chan struct{}
}

// Free releases the feed.
func (f *Feed) Free() { close(f.free) }

// Join waits for the feed's goroutine to return.
func (f *Feed) Join() { <-f.over }

// OpenFeed starts a feed that logs n records.
func OpenFeed(l Logger, n int) *Feed {
	f := &Feed{free: make(chan struct{}), over: make(chan struct{})}
	go func() { // want `GS1005: goroutine can block forever sending on "records"`
		defer close(f.over)
		for i := 0; i < n; i++ {
			l.Log(Record{})
		}
		<-f.free // ok: every feed is freed before the first Join can wait
	}()
	return f
}

// feedAll frees every feed before waiting for any of them.
func feedAll(n int) {
	records := make(chan Record)
	go func() {
		for r := range records {
			if r.Fatal {
				return
			}
		}
	}()
	feeds := make([]*Feed, n)
	for i := range feeds {
		feeds[i] = OpenFeed(LoggerFor(records), 10)
	}
	for i := range feeds {
		feeds[i].Free()
	}
	for i := range feeds {
		feeds[i].Join()
	}
	close(records)
}

// FeedAll runs feedAll in the background.
func FeedAll(n int) {
	go feedAll(n) // want `GS1003: goroutine can block forever receiving from "over": it is closed only when the goroutine running the func literal in OpenFeed returns`
}
