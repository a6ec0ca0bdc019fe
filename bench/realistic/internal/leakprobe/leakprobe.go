// Package leakprobe ends every program of the realistic corpus: it lets the program's
// goroutines settle, then prints the goroutineleak profile (debug=2, which lists every
// goroutine and marks the leaked ones) between two marker lines, so the bench can read
// which goroutines the program left behind and where they wait.
package leakprobe

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

// Settle is how long Done waits for goroutines that are merely slow to finish.
const Settle = 300 * time.Millisecond

// Done waits for slow goroutines, runs the garbage collector and prints the profile.
// Call it as the last statement of main.
func Done() {
	time.Sleep(Settle)
	runtime.GC()
	time.Sleep(20 * time.Millisecond)
	fmt.Fprintln(os.Stdout, "=== leakprobe begin ===")
	if p := pprof.Lookup("goroutineleak"); p != nil {
		_ = p.WriteTo(os.Stdout, 2)
	} else {
		_ = pprof.Lookup("goroutine").WriteTo(os.Stdout, 2)
	}
	fmt.Fprintln(os.Stdout, "=== leakprobe end ===")
}
