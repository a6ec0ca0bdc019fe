// Command closurenames prints the name and line the Go compiler gives each function literal
// it runs, so a test can compare them with gostuck's own numbering (overlay/gofile.py).
package main

import (
	"fmt"
	"maps"
	"reflect"
	"runtime"
)

func record(f any) {
	pc := reflect.ValueOf(f).Pointer()
	fn := runtime.FuncForPC(pc)
	_, line := fn.FileLine(pc)
	fmt.Printf("%s %d\n", fn.Name(), line)
	if run, ok := f.(func()); ok {
		run()
	}
}

var hook = func() {}

var other = func() int {
	record(func() {})
	record(func() { record(func() {}) })
	return 1
}()

func seq(yield func(int) bool) { yield(1) }

//go:noinline
func Ranger() {
	record(func() {})
	for x := range seq {
		_ = x
		record(func() {})
	}
	record(func() {})
}

//go:noinline
func Outer() {
	a := func() {}
	record(a)
	record(func() {
		b := func() {}
		record(b)
		record(func() { record(func() {}) })
	})
	done := make(chan bool)
	go func() {
		record(func() {})
		done <- true
	}()
	<-done
	defer func() { record(func() {}) }()
}

type G[T any] struct{ v T }

//go:noinline
func (g *G[T]) M() {
	record(func() {})
	record(func() { record(func() {}) })
}

type S struct{}

//go:noinline
func (S) V() { record(func() {}) }

//go:noinline
func Gen[T any](v T) { record(func() { _ = v }) }

func init() { record(func() {}) }

func init() { record(func() {}) }

//go:noinline
func Std(m map[int]int) {
	for k := range maps.Keys(m) {
		_ = k
		record(func() {})
	}
	record(func() {})
}

//go:noinline
func Branches(x int) {
	switch x {
	case 1:
		record(func() {})
	default:
		record(func() {})
	}
	if x > 0 {
		record(func() { record(func() {}) })
	}
}

func main() {
	record(hook)
	_ = other
	Outer()
	(&G[int]{}).M()
	(&G[string]{}).M()
	S{}.V()
	Gen(1)
	Ranger()
	Std(map[int]int{1: 1})
	Branches(1)
	Branches(0)
}
