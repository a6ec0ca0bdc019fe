package gs1002

// Latest starts the feed's goroutine and never reads from it.
func Latest(f *Feed) {
	_ = f.Updates()
}

// AllEntries reads the whole feed.
func AllEntries(f *Feed) []Entry {
	var out []Entry
	for e := range f.Updates() {
		out = append(out, e)
	}
	return out
}

// FirstOf reads one entry through an interface: its dynamic type may be another package's.
func FirstOf(p Publisher) Entry {
	return <-p.Updates()
}
