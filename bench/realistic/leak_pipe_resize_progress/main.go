// Parallel image downscaler CLI with a ticking progress line on stderr. Leak: resizeAll returns the first worker error before calling prog.Stop, so the progress reporter's ticker loop in progress.go runs forever after a failed batch.
package main

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type image struct {
	name          string
	width, height int
	format        string
}

var errUnsupported = errors.New("unsupported format")

func downscale(img image, maxEdge int) (image, error) {
	switch img.format {
	case "jpeg", "png":
	default:
		return image{}, fmt.Errorf("%s: %w %q", img.name, errUnsupported, img.format)
	}
	time.Sleep(4 * time.Millisecond) // resampling
	scale := float64(maxEdge) / float64(max(img.width, img.height))
	if scale >= 1 {
		return img, nil
	}
	return image{
		name:   img.name,
		width:  int(float64(img.width) * scale),
		height: int(float64(img.height) * scale),
		format: img.format,
	}, nil
}

// resizeAll downscales imgs with the given number of workers and returns
// the results in input order.
func resizeAll(imgs []image, maxEdge, workers int) ([]image, error) {
	prog := startProgress(len(imgs), 20*time.Millisecond, os.Stderr)

	out := make([]image, len(imgs))
	idx := make(chan int)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range idx {
				r, err := downscale(imgs[i], maxEdge)
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					continue
				}
				out[i] = r
				prog.Inc()
			}
		}()
	}
	for i := range imgs {
		idx <- i
	}
	close(idx)
	wg.Wait()

	if firstErr != nil {
		return nil, firstErr
	}
	prog.Stop()
	return out, nil
}

func main() {
	batches := [][]image{
		{
			{"IMG_0001.jpg", 4032, 3024, "jpeg"},
			{"IMG_0002.jpg", 3024, 4032, "jpeg"},
			{"logo.png", 800, 800, "png"},
			{"IMG_0003.jpg", 4032, 3024, "jpeg"},
		},
		{
			{"scan-01.png", 2480, 3508, "png"},
			{"scan-02.tiff", 2480, 3508, "tiff"},
			{"scan-03.png", 2480, 3508, "png"},
		},
	}

	for i, b := range batches {
		res, err := resizeAll(b, 1600, 3)
		if err != nil {
			fmt.Fprintf(os.Stderr, "batch %d failed: %v\n", i, err)
			continue
		}
		for _, r := range res {
			fmt.Printf("%-14s %5dx%-5d\n", r.name, r.width, r.height)
		}
	}

	leakprobe.Done()
}
