// Nightly ETL job that streams CSV exports through an extract goroutine into a loader goroutine. Leak: extract returns on a malformed row without closing the rows channel, so the loader ranging over it in load.go waits forever once runBatch bails out.
package main

import (
	"fmt"
	"log"
	"os"
	"strings"

	"realistic/internal/leakprobe"
)

var exports = map[string]string{
	"orders-eu.csv": `order_id,customer,amount_cents,currency
1001,acme,1999,EUR
1002,globex,25000,EUR
1003,initech,450,EUR`,
	"orders-us.csv": `order_id,customer,amount_cents,currency
2001,umbrella,12000,USD
2002,hooli,twelve,USD
2003,stark,99900,USD`,
	"orders-apac.csv": `order_id,customer,amount_cents,currency
3001,wayne,5000,JPY
3002,tyrell,7300,AUD`,
}

// runBatch extracts one export and loads it into the warehouse table.
func runBatch(name string, wh *warehouse) (int, error) {
	rows := make(chan orderRow)
	extractErr := make(chan error, 1)
	loaded := make(chan int, 1)

	go func() {
		extractErr <- extract(strings.NewReader(exports[name]), rows)
	}()
	go func() {
		loaded <- load(rows, wh)
	}()

	if err := <-extractErr; err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	return <-loaded, nil
}

func main() {
	logger := log.New(os.Stderr, "etl: ", 0)
	wh := newWarehouse()

	for _, name := range []string{"orders-eu.csv", "orders-us.csv", "orders-apac.csv"} {
		n, err := runBatch(name, wh)
		if err != nil {
			logger.Printf("batch failed: %v", err)
			continue
		}
		logger.Printf("%s: loaded %d rows", name, n)
	}
	fmt.Printf("warehouse holds %d orders, %d cents total\n", wh.count(), wh.totalCents())

	leakprobe.Done()
}
