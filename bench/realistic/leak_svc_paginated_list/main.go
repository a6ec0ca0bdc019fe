// Account-status endpoint that decides whether a customer is in dunning by walking their invoices through a paginated billing client. Leak: the handler stops reading at the first overdue invoice, leaving the client's page-fetching goroutine blocked forever on its next send.
package main

import (
	"fmt"
	"time"

	"realistic/internal/leakprobe"
	"realistic/leak_svc_paginated_list/billing"
)

type AccountStatus struct {
	Customer   string
	InDunning  bool
	OverdueRef string
}

type AccountService struct {
	billing *billing.Client
	now     func() time.Time
}

func (s *AccountService) Status(customer string) AccountStatus {
	st := AccountStatus{Customer: customer}
	for inv := range s.billing.Invoices(customer) {
		if !inv.Paid && inv.Due.Before(s.now()) {
			st.InDunning = true
			st.OverdueRef = inv.ID
			return st
		}
	}
	return st
}

func main() {
	today := time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	data := map[string][]billing.Invoice{
		"cus_A": {
			{ID: "in_9", AmountCt: 1200, Due: today.Add(10 * day)},
			{ID: "in_8", AmountCt: 1200, Due: today.Add(-20 * day)},
			{ID: "in_7", AmountCt: 1200, Due: today.Add(-50 * day), Paid: true},
			{ID: "in_6", AmountCt: 900, Due: today.Add(-80 * day), Paid: true},
			{ID: "in_5", AmountCt: 900, Due: today.Add(-110 * day), Paid: true},
		},
		"cus_B": {
			{ID: "in_4", AmountCt: 4000, Due: today.Add(-5 * day), Paid: true},
			{ID: "in_3", AmountCt: 4000, Due: today.Add(-35 * day), Paid: true},
		},
	}
	svc := &AccountService{billing: billing.NewClient(data), now: func() time.Time { return today }}
	for _, c := range []string{"cus_A", "cus_B"} {
		st := svc.Status(c)
		fmt.Printf("%s dunning=%v overdue=%q\n", st.Customer, st.InDunning, st.OverdueRef)
	}
	leakprobe.Done()
}
