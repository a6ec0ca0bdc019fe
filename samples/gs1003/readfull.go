package gs1003

import (
	"io"
	"strings"
)

// feed hands out chunks as they arrive on data; nothing in the package ever sends them.
type feed struct {
	data chan []byte
}

func (f *feed) next() <-chan []byte { return f.data }

// feedReader reads the chunks of a feed.
type feedReader struct {
	src *feed
}

func (r *feedReader) Read(p []byte) (int, error) {
	select {
	case b := <-r.src.next():
		return copy(p, b), nil
	}
}

// message reads whole messages from its body.
type message struct {
	body io.Reader
}

func (m *message) Read(p []byte) (int, error) {
	return io.ReadFull(m.body, p)
}

func openMessage() *message {
	return &message{body: &feedReader{src: &feed{data: make(chan []byte)}}}
}

// Consume reads one message: io.ReadFull calls the feed reader's Read, which waits for a
// chunk no one ever sends.
func Consume() {
	m := openMessage()
	go func() { // want `GS1003: goroutine blocks forever receiving from "data": nothing in the package ever sends on it or closes it`
		m.Read(make([]byte, 8))
	}()
}

// ConsumeNothing reads into an empty buffer: io.ReadFull returns without calling Read.
func ConsumeNothing() {
	m := openMessage()
	go func() { // ok: an empty buffer reads nothing
		m.Read(nil)
	}()
}

// ConsumeInto reads into a buffer the caller chose, which may be empty.
func ConsumeInto(buf []byte) {
	m := openMessage()
	go func() { // ok: the buffer's length is unknown
		m.Read(buf)
	}()
}

// letter may hold a feed reader or a string reader.
type letter struct {
	body io.Reader
}

func (l *letter) Read(p []byte) (int, error) {
	return io.ReadFull(l.body, p)
}

func openLetter(text string) *letter {
	l := &letter{body: &feedReader{src: &feed{data: make(chan []byte)}}}
	if text != "" {
		l.body = strings.NewReader(text)
	}
	return l
}

// ReadLetter reads a letter whose body is not always the feed reader.
func ReadLetter(text string) {
	l := openLetter(text)
	go func() { // ok: the body may be a strings.Reader, which never blocks
		l.Read(make([]byte, 8))
	}()
}
