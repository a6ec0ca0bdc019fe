// Price lookup tool backed by a refresh-ahead cache: the handler builds a cache per request and never calls Close, so each cache's refresh loop waits forever.
package main

import (
	"fmt"
	"strings"
	"time"

	"realistic/internal/leakprobe"
)

var catalog = map[string]string{
	"sku-100": "12.50",
	"sku-200": "7.99",
	"sku-300": "104.00",
}

func fetchPrice(key string) (string, error) {
	p, ok := catalog[key]
	if !ok {
		return "", fmt.Errorf("price %q: not found", key)
	}
	return p, nil
}

// quote prices a basket of SKUs.
func quote(basket []string) (string, error) {
	prices := NewRefreshCache(fetchPrice, time.Minute)
	var parts []string
	for _, sku := range basket {
		p, err := prices.Get(sku)
		if err != nil {
			return "", err
		}
		parts = append(parts, sku+"="+p)
	}
	return strings.Join(parts, ", "), nil
}

func main() {
	for _, basket := range [][]string{{"sku-100", "sku-200"}, {"sku-300", "sku-100"}} {
		q, err := quote(basket)
		if err != nil {
			fmt.Println("quote:", err)
			continue
		}
		fmt.Println(q)
	}
	leakprobe.Done()
}
