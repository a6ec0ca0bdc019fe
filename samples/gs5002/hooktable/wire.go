package main

import "fmt"

// wire makes a table whose hook reads the table it is installed on: Get locks t.mu again.
func wire() *Table {
	t := NewTable()
	t.OnChange(func(k string) {
		fmt.Println("changed", k, t.Get(k))
	})
	return t
}

// Load stores three keys from one goroutine each.
func Load(k string) {
	t := wire()
	for i := 0; i < 3; i++ {
		go t.Set(k, i) // want `GS5002: goroutine deadlocks on itself: "t.mu" is locked again while it already holds the lock`
	}
}

// mirror makes two indexes; the hook of the first reads the second, which nobody else locks
// while the first is held.
func mirror() (*Index, *Index) {
	src, dst := NewIndex(), NewIndex()
	src.Watch(func(k string) {
		fmt.Println("mirrored", k, dst.Get(k))
	})
	return src, dst
}

// LoadMirrored stores three keys into the first index of a mirror.
func LoadMirrored(k string) {
	src, _ := mirror()
	for i := 0; i < 3; i++ {
		go src.Set(k, i) // ok: the hook locks the other index
	}
}

func main() {
	Load("a")
	LoadMirrored("b")
	LoadJournal("c")
	LoadBooks("d")
}

// logChange reads the journal it reports on: under Set it locks j.mu again.
func (j *Journal) logChange(k string) {
	fmt.Println("journal", k, j.Get(k))
}

// LoadJournal stores three keys into a journal whose hook is its own method value.
func LoadJournal(k string) {
	j := NewJournal()
	j.Notify(j.logChange)
	for i := 0; i < 3; i++ {
		go j.Set(k, i) // want `GS5002: goroutine deadlocks on itself: "j.mu" is locked again while it already holds the lock`
	}
}

// copyChange copies a change into this book, whichever book reports it.
func (b *Book) copyChange(k string) {
	fmt.Println("copy", k, b.Get(k))
}

// LoadBooks stores three keys into a book whose hook is a method value of another book.
func LoadBooks(k string) {
	src, dst := NewBook(), NewBook()
	src.Follow(dst.copyChange)
	for i := 0; i < 3; i++ {
		go src.Set(k, i) // ok: the hook locks the other book
	}
}
