// Package dump writes the running program's goroutine profiles in every format, so the
// leakdemo programs can produce the profiles gostuck's tests read.
package dump

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"
)

// Dir is where Write puts the profiles; the programs take it from -out.
var Dir = flag.String("out", "", "directory for the goroutine profiles (stdout: debug=2 only)")

// Settle waits until every other goroutine has reached the operation it blocks on (or
// exited): none is runnable and none but this one is running. It gives up after ten
// seconds, so a goroutine that never blocks cannot hang the program.
func Settle() {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		runtime.Gosched()
		var b bytes.Buffer
		if err := pprof.Lookup("goroutine").WriteTo(&b, 2); err != nil {
			return
		}
		text := b.String()
		if !strings.Contains(text, "[runnable") && strings.Count(text, "[running") <= 1 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// suffixes names the file of each debug level.
var suffixes = map[int]string{0: "pb.gz", 1: "debug1.txt", 2: "debug2.txt"}

// Write writes goroutine and goroutineleak profiles at debug=0, 1 and 2 into *Dir, or the
// goroutine profile at debug=2 to stdout when -out is empty.
func Write() error {
	Settle()
	if *Dir == "" {
		return pprof.Lookup("goroutine").WriteTo(os.Stdout, 2)
	}
	if err := os.MkdirAll(*Dir, 0o755); err != nil {
		return err
	}
	for _, name := range []string{"goroutine", "goroutineleak"} {
		p := pprof.Lookup(name)
		if p == nil {
			return fmt.Errorf("no %s profile in this Go", name)
		}
		for debug := range 3 {
			path := filepath.Join(*Dir, name+"."+suffixes[debug])
			if err := writeFile(p, path, debug); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeFile(p *pprof.Profile, path string, debug int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := p.WriteTo(f, debug); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Must ends the program when err is not nil.
func Must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
