// Package classic holds the scenarios of the classic write-up on Go goroutine leaks, each as
// it appears in service code: a write on an unbuffered channel that no one reads, a buffered
// channel that fills up, a read that no one writes to, a select whose every case stays
// blocked, and goroutines created without bound for IO-bound work. Next to every leak is a
// look-alike that does not leak, marked "// ok: <why>".
//
// Findings are reported on the go statement that starts the goroutine that can get stuck.
package classic
