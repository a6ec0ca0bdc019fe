// API gateway that enriches product pages with stock counts from a legacy inventory backend under a per-call deadline. Correct: the reply channel has a one-slot buffer, so a backend call that outlives the deadline still completes its send and exits.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"realistic/internal/leakprobe"
)

func main() {
	inv := &legacyInventory{
		stock: map[string]int{"sku-100": 12, "sku-200": 0, "sku-300": 7},
		slow:  map[string]time.Duration{"sku-300": 120 * time.Millisecond},
	}
	gw := NewGateway(inv, 40*time.Millisecond)

	for _, sku := range []string{"sku-100", "sku-200", "sku-300"} {
		req := httptest.NewRequest(http.MethodGet, "/products/"+sku, nil)
		rec := httptest.NewRecorder()
		gw.ServeHTTP(rec, req)
		fmt.Printf("GET /products/%s -> %d %s", sku, rec.Code, rec.Body.String())
	}
	leakprobe.Done()
}
