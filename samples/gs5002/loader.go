package gs5002

import "sync"

// memo caches values; its miss hook, set by the constructor, reads the memo's size.
type memo struct {
	mu   sync.Mutex
	data map[string]string
	miss func(k string) string
}

func newMemo() *memo {
	m := &memo{data: map[string]string{}}
	m.miss = func(k string) string {
		if m.size() > 10 { // locks m.mu, which get holds
			return ""
		}
		return k + "!"
	}
	return m
}

func (m *memo) size() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.data)
}

func (m *memo) get(k string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.data[k]; ok {
		return v
	}
	v := m.miss(k)
	m.data[k] = v
	return v
}

// Warm looks a key up in the background: the miss hook locks the memo get holds.
func Warm() {
	m := newMemo()
	go func() { // want `GS5002: goroutine deadlocks on itself: "m.mu" is locked again while it already holds the lock`
		m.get("x")
	}()
}

// sizedMemo's miss hook reads a size kept in another memo.
type sizedMemo struct {
	mu   sync.Mutex
	data map[string]string
	miss func(k string) string
}

func newSizedMemo(limits *memo) *sizedMemo {
	m := &sizedMemo{data: map[string]string{}}
	m.miss = func(k string) string {
		if limits.size() > 10 {
			return ""
		}
		return k + "!"
	}
	return m
}

func (m *sizedMemo) get(k string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.data[k]; ok {
		return v
	}
	v := m.miss(k)
	m.data[k] = v
	return v
}

// WarmSized looks a key up in the background: the hook locks another memo.
func WarmSized() {
	m := newSizedMemo(newMemo())
	go func() { // ok: the miss hook locks the limits memo, not the one get holds
		m.get("x")
	}()
}
