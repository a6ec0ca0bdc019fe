// Command e2e leaks goroutines through fetch and writes its goroutine profile: the profile the
// editor test loads (profiles/, made by ../capture-profile.sh).
package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"time"
)

const calls = 120

func main() {
	for i := 0; i < calls; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		_, _ = fetch(ctx)
		cancel()
	}
	time.Sleep(100 * time.Millisecond) // let every worker reach its send
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: e2e PROFILE")
		os.Exit(2)
	}
	f, err := os.Create(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	if err := pprof.Lookup("goroutine").WriteTo(f, 2); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
