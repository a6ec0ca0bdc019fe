// Parallel sha256sum-style CLI that hashes a list of files and fails fast on the first unreadable file. Leak: the error channel has room for a single error, and sumFiles returns after reading one, so when several files fail the later hashers block forever on errc.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"

	"realistic/internal/leakprobe"
)

type digest struct {
	path string
	sum  string
	size int64
}

func hashFile(path string) (digest, error) {
	f, err := os.Open(path)
	if err != nil {
		return digest{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return digest{}, fmt.Errorf("read %s: %w", path, err)
	}
	return digest{path: path, sum: hex.EncodeToString(h.Sum(nil)), size: n}, nil
}

// sumFiles hashes every path concurrently. It returns the first error it
// sees, or all digests sorted by path.
func sumFiles(paths []string) ([]digest, error) {
	sums := make(chan digest, len(paths))
	errc := make(chan error, 1)
	for _, p := range paths {
		go func() {
			d, err := hashFile(p)
			if err != nil {
				errc <- err
				return
			}
			sums <- d
		}()
	}

	var out []digest
	for range paths {
		select {
		case d := <-sums:
			out = append(out, d)
		case err := <-errc:
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

func main() {
	dir, err := os.MkdirTemp("", "sumtool-*")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	var paths []string
	for i, body := range []string{"alpha\n", "bravo bravo\n", "charlie\n", "delta\n", "echo\n"} {
		p := filepath.Join(dir, fmt.Sprintf("part-%02d.dat", i))
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			log.Fatal(err)
		}
		paths = append(paths, p)
	}
	// Files named in the manifest that the upload never produced.
	for _, name := range []string{"part-05.dat", "part-06.dat", "part-07.dat", "part-08.dat"} {
		paths = append(paths, filepath.Join(dir, name))
	}

	digests, err := sumFiles(paths)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sumtool:", err)
	}
	for _, d := range digests {
		fmt.Printf("%s  %s (%d bytes)\n", d.sum, filepath.Base(d.path), d.size)
	}

	leakprobe.Done()
}
