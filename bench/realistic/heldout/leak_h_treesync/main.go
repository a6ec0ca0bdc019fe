// Directory-tree sync tool that uploads each directory concurrently and writes a per-directory manifest after its subdirectories are done. Leak: every directory worker waits on the one WaitGroup shared by the whole walk, which still counts the worker itself, so all workers and the run's waiter block in Wait forever.
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

var errSyncTimeout = errors.New("tree sync: timed out")

type TreeSync struct {
	src      fs.FS
	wg       sync.WaitGroup
	mu       sync.Mutex
	uploaded int
	manifest map[string][]string
	errs     []error
}

func (t *TreeSync) upload(name string) {
	t.mu.Lock()
	t.uploaded++
	t.mu.Unlock()
}

func (t *TreeSync) syncDir(dir string) {
	defer t.wg.Done()
	entries, err := fs.ReadDir(t.src, dir)
	if err != nil {
		t.mu.Lock()
		t.errs = append(t.errs, err)
		t.mu.Unlock()
		return
	}
	var files []string
	for _, e := range entries {
		if e.IsDir() {
			t.wg.Add(1)
			go t.syncDir(path.Join(dir, e.Name()))
			continue
		}
		t.upload(path.Join(dir, e.Name()))
		files = append(files, e.Name())
	}

	// The manifest references the subdirectories' manifests, so it can only
	// be written once they are uploaded.
	t.wg.Wait()
	sort.Strings(files)
	t.mu.Lock()
	t.manifest[dir] = files
	t.mu.Unlock()
}

func (t *TreeSync) Run(timeout time.Duration) error {
	t.wg.Add(1)
	go t.syncDir(".")

	done := make(chan struct{})
	go func() {
		t.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-time.After(timeout):
		return errSyncTimeout
	}
}

func makeTree(root string) error {
	files := []string{
		"README.md",
		"assets/logo.svg",
		"assets/icons/close.svg",
		"assets/icons/menu.svg",
		"src/main.go",
	}
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func run() error {
	root, err := os.MkdirTemp("", "treesync")
	if err != nil {
		return err
	}
	defer os.RemoveAll(root)
	if err := makeTree(root); err != nil {
		return err
	}

	t := &TreeSync{src: os.DirFS(root), manifest: make(map[string][]string)}
	err = t.Run(100 * time.Millisecond)
	t.mu.Lock()
	fmt.Printf("uploaded %d file(s), %d manifest(s) written\n", t.uploaded, len(t.manifest))
	t.mu.Unlock()
	return err
}

func main() {
	if err := run(); err != nil {
		fmt.Println(err)
	}
	leakprobe.Done()
}
