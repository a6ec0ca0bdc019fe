// Nightly ETL step that enriches click rows with a GeoIP region under a per-row deadline; when the lookup is slower than the deadline, the lookup goroutine blocks forever sending its answer to a caller that already gave up.
package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"realistic/internal/leakprobe"
)

type clickRow struct {
	ID     int
	UserIP string
	URL    string
	Region string
}

// geoDB is the in-process GeoIP table; private ranges go to the slow corporate resolver.
var geoDB = map[string]string{
	"81.2.69.142":   "eu-west",
	"175.16.199.10": "ap-east",
	"89.160.20.112": "eu-north",
}

func lookupRegion(ip string) (string, error) {
	if strings.HasPrefix(ip, "10.") {
		time.Sleep(150 * time.Millisecond) // corporate resolver round trip
		return "internal", nil
	}
	region, ok := geoDB[ip]
	if !ok {
		return "", fmt.Errorf("geoip: no entry for %s", ip)
	}
	return region, nil
}

func enrich(ctx context.Context, row clickRow) (clickRow, error) {
	type answer struct {
		region string
		err    error
	}
	answers := make(chan answer)
	go func() {
		region, err := lookupRegion(row.UserIP)
		answers <- answer{region: region, err: err}
	}()

	select {
	case a := <-answers:
		if a.err != nil {
			return row, a.err
		}
		row.Region = a.region
		return row, nil
	case <-ctx.Done():
		return row, fmt.Errorf("enrich row %d: %w", row.ID, ctx.Err())
	}
}

func main() {
	rows := []clickRow{
		{ID: 1, UserIP: "81.2.69.142", URL: "/watch?v=a1"},
		{ID: 2, UserIP: "10.4.0.17", URL: "/watch?v=b2"},
		{ID: 3, UserIP: "175.16.199.10", URL: "/search?q=jazz"},
		{ID: 4, UserIP: "10.9.3.200", URL: "/watch?v=c3"},
		{ID: 5, UserIP: "89.160.20.112", URL: "/"},
	}

	var enriched, skipped int
	for _, row := range rows {
		ctx, cancel := context.WithTimeout(context.Background(), 40*time.Millisecond)
		out, err := enrich(ctx, row)
		cancel()
		if err != nil {
			fmt.Println("skip:", err)
			skipped++
			continue
		}
		enriched++
		fmt.Printf("row %d %s -> %s\n", out.ID, out.URL, out.Region)
	}
	fmt.Printf("enriched %d rows, skipped %d\n", enriched, skipped)

	leakprobe.Done()
}
