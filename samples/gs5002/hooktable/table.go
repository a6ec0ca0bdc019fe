// Command hooktable has tables that call a hook, installed through a setter, under their
// lock. In a main package only this package can install a hook.
package main

import "sync"

// Table is a map guarded by a lock; Set calls the change hook while it holds the lock.
type Table struct {
	mu       sync.Mutex
	rows     map[string]int
	onChange func(key string)
}

// NewTable makes an empty table.
func NewTable() *Table {
	return &Table{rows: map[string]int{}}
}

// OnChange installs the hook Set calls.
func (t *Table) OnChange(f func(key string)) {
	t.onChange = f
}

// Set stores v under k and tells the hook, still holding the lock.
func (t *Table) Set(k string, v int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rows[k] = v
	if t.onChange != nil {
		t.onChange(k)
	}
}

// Get reads the value under k.
func (t *Table) Get(k string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rows[k]
}

// Index is Table again, for hooks that read another index.
type Index struct {
	mu       sync.Mutex
	rows     map[string]int
	onChange func(key string)
}

// NewIndex makes an empty index.
func NewIndex() *Index {
	return &Index{rows: map[string]int{}}
}

// Watch installs the hook Set calls.
func (x *Index) Watch(f func(key string)) {
	x.onChange = f
}

// Set stores v under k and tells the hook, still holding the lock.
func (x *Index) Set(k string, v int) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.rows[k] = v
	if x.onChange != nil {
		x.onChange(k)
	}
}

// Get reads the value under k.
func (x *Index) Get(k string) int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.rows[k]
}

// Journal is Table for hooks that are method values of the journal itself.
type Journal struct {
	mu       sync.Mutex
	rows     map[string]int
	onChange func(key string)
}

// NewJournal makes an empty journal.
func NewJournal() *Journal {
	return &Journal{rows: map[string]int{}}
}

// Notify installs the hook Set calls.
func (j *Journal) Notify(f func(key string)) {
	j.onChange = f
}

// Set stores v under k and tells the hook, still holding the lock.
func (j *Journal) Set(k string, v int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.rows[k] = v
	if j.onChange != nil {
		j.onChange(k)
	}
}

// Get reads the value under k.
func (j *Journal) Get(k string) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.rows[k]
}

// Book is Table for hooks that are method values of another book.
type Book struct {
	mu       sync.Mutex
	rows     map[string]int
	onChange func(key string)
}

// NewBook makes an empty book.
func NewBook() *Book {
	return &Book{rows: map[string]int{}}
}

// Follow installs the hook Set calls.
func (b *Book) Follow(f func(key string)) {
	b.onChange = f
}

// Set stores v under k and tells the hook, still holding the lock.
func (b *Book) Set(k string, v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.rows[k] = v
	if b.onChange != nil {
		b.onChange(k)
	}
}

// Get reads the value under k.
func (b *Book) Get(k string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.rows[k]
}
