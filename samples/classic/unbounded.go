package classic

import (
	"io"
	"log"
	"net/http"
	"sync"
)

func download(url string) (int64, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return io.Copy(io.Discard, resp.Body)
}

// DownloadAll starts one goroutine per URL: a long list means as many connections at once.
func DownloadAll(urls []string) int64 {
	var (
		mu    sync.Mutex
		total int64
		wg    sync.WaitGroup
	)
	for _, u := range urls {
		wg.Add(1)
		go func() { // want "GS4002"
			defer wg.Done()
			n, err := download(u)
			if err != nil {
				log.Println(err)
				return
			}
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}

// DownloadBounded lets at most eight downloads run at once.
func DownloadBounded(urls []string) int64 {
	var (
		mu    sync.Mutex
		total int64
		wg    sync.WaitGroup
	)
	sem := make(chan struct{}, 8)
	for _, u := range urls {
		sem <- struct{}{}
		wg.Add(1)
		go func() { // ok: the semaphore bounds how many run at once
			defer wg.Done()
			defer func() { <-sem }()
			n, err := download(u)
			if err != nil {
				log.Println(err)
				return
			}
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}

// DownloadPool hands URLs to a fixed pool of workers.
func DownloadPool(urls []string) int64 {
	jobs := make(chan string)
	sizes := make(chan int64)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() { // ok: a fixed pool of eight workers, ended by close(jobs)
			defer wg.Done()
			for u := range jobs {
				n, _ := download(u)
				sizes <- n
			}
		}()
	}
	go func() { // ok: feeds every URL, then closes jobs
		for _, u := range urls {
			jobs <- u
		}
		close(jobs)
	}()
	go func() { // ok: closes sizes once the workers are done
		wg.Wait()
		close(sizes)
	}()
	var total int64
	for n := range sizes {
		total += n
	}
	return total
}
