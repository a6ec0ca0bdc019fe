package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
)

type orderRow struct {
	ID       int
	Customer string
	Cents    int64
	Currency string
}

var errBadRow = errors.New("malformed row")

// extract parses a CSV export and sends one orderRow per record on out.
// It closes out once the whole export has been read.
func extract(r io.Reader, out chan<- orderRow) error {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("read header: %w", err)
	}
	if len(header) != 4 {
		return fmt.Errorf("%w: header has %d columns", errBadRow, len(header))
	}

	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		row, err := parseOrder(rec)
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		out <- row
	}
	close(out)
	return nil
}

func parseOrder(rec []string) (orderRow, error) {
	id, err := strconv.Atoi(rec[0])
	if err != nil {
		return orderRow{}, fmt.Errorf("%w: order_id %q", errBadRow, rec[0])
	}
	cents, err := strconv.ParseInt(rec[2], 10, 64)
	if err != nil {
		return orderRow{}, fmt.Errorf("%w: amount_cents %q", errBadRow, rec[2])
	}
	return orderRow{ID: id, Customer: rec[1], Cents: cents, Currency: rec[3]}, nil
}
