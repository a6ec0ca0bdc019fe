// Price-list upload endpoint that parses a CSV body and hands rows to a pool of writer goroutines ranging over a channel. Leak: the parser returns on a malformed line without closing the row channel, so the writers started for that request range over it forever.
package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"

	"realistic/internal/leakprobe"
)

type priceRow struct {
	SKU      string
	PriceCt  int64
	Currency string
}

type priceStore struct {
	mu     sync.Mutex
	prices map[string]priceRow
}

func (s *priceStore) Upsert(r priceRow) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prices[r.SKU] = r
}

type PriceImporter struct {
	store   *priceStore
	writers int
}

func parseRow(line string) (priceRow, error) {
	f := strings.Split(line, ",")
	if len(f) != 3 {
		return priceRow{}, fmt.Errorf("want 3 fields, got %d", len(f))
	}
	ct, err := strconv.ParseInt(strings.TrimSpace(f[1]), 10, 64)
	if err != nil {
		return priceRow{}, fmt.Errorf("price: %w", err)
	}
	return priceRow{SKU: strings.TrimSpace(f[0]), PriceCt: ct, Currency: strings.TrimSpace(f[2])}, nil
}

// decode streams rows from body into out and closes out when the body is done.
func (p *PriceImporter) decode(body io.Reader, out chan<- priceRow) error {
	sc := bufio.NewScanner(body)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			continue // header
		}
		row, err := parseRow(sc.Text())
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		out <- row
	}
	close(out)
	return sc.Err()
}

func (p *PriceImporter) startWriters(rows <-chan priceRow, wg *sync.WaitGroup) {
	for i := 0; i < p.writers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range rows {
				p.store.Upsert(r)
			}
		}()
	}
}

func (p *PriceImporter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rows := make(chan priceRow, 16)
	var wg sync.WaitGroup
	p.startWriters(rows, &wg)

	if err := p.decode(r.Body, rows); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	wg.Wait()
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	store := &priceStore{prices: make(map[string]priceRow)}
	imp := &PriceImporter{store: store, writers: 2}

	uploads := []string{
		"sku,price_ct,currency\nA-1,1999,EUR\nA-2,2499,EUR\nB-7,999,EUR\n",
		"sku,price_ct,currency\nC-1,500,EUR\nC-2,12.50,EUR\nC-3,700,EUR\n",
	}
	for i, body := range uploads {
		rec := httptest.NewRecorder()
		imp.ServeHTTP(rec, httptest.NewRequest(http.MethodPut, "/pricelists/eu", strings.NewReader(body)))
		fmt.Printf("upload %d -> %d %s\n", i+1, rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	store.mu.Lock()
	fmt.Println("prices stored:", len(store.prices))
	store.mu.Unlock()
	leakprobe.Done()
}
