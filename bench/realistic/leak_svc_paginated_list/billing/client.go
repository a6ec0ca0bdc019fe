// Package billing is a small client for the billing API's paginated endpoints.
package billing

import (
	"fmt"
	"time"
)

type Invoice struct {
	ID       string
	Customer string
	AmountCt int64
	Due      time.Time
	Paid     bool
}

type page struct {
	items []Invoice
	next  string
}

// Client talks to the billing API; here the transport is an in-memory table
// so the service can be exercised without the network.
type Client struct {
	PageSize int
	data     map[string][]Invoice
}

func NewClient(data map[string][]Invoice) *Client {
	return &Client{PageSize: 2, data: data}
}

func (c *Client) fetchPage(customer, cursor string) (page, error) {
	all, ok := c.data[customer]
	if !ok {
		return page{}, fmt.Errorf("billing: customer %s not found", customer)
	}
	start := 0
	if cursor != "" {
		if _, err := fmt.Sscanf(cursor, "off-%d", &start); err != nil {
			return page{}, fmt.Errorf("billing: bad cursor %q", cursor)
		}
	}
	end := min(start+c.PageSize, len(all))
	p := page{items: all[start:end]}
	if end < len(all) {
		p.next = fmt.Sprintf("off-%d", end)
	}
	return p, nil
}

// Invoices streams every invoice of a customer, newest first, following the
// pagination cursor. The channel is closed after the last page.
func (c *Client) Invoices(customer string) <-chan Invoice {
	out := make(chan Invoice)
	go func() {
		defer close(out)
		cursor := ""
		for {
			p, err := c.fetchPage(customer, cursor)
			if err != nil {
				return
			}
			for _, inv := range p.items {
				out <- inv
			}
			if p.next == "" {
				return
			}
			cursor = p.next
		}
	}()
	return out
}
