package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Gateway serves /products/{sku} and decorates the catalog entry with live stock.
type Gateway struct {
	inventory   StockBackend
	callTimeout time.Duration
}

func NewGateway(inv StockBackend, callTimeout time.Duration) *Gateway {
	return &Gateway{inventory: inv, callTimeout: callTimeout}
}

type productView struct {
	SKU     string `json:"sku"`
	InStock *int   `json:"in_stock,omitempty"`
	Note    string `json:"note,omitempty"`
}

func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sku := strings.TrimPrefix(r.URL.Path, "/products/")
	if sku == "" || strings.Contains(sku, "/") {
		http.Error(w, "bad sku", http.StatusBadRequest)
		return
	}

	view := productView{SKU: sku}
	n, err := g.stock(r.Context(), sku)
	switch {
	case err == nil:
		view.InStock = &n
	case errors.Is(err, context.DeadlineExceeded):
		// Degrade gracefully: the page renders without a stock badge.
		view.Note = "stock unavailable"
	default:
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(view)
}

func (g *Gateway) stock(ctx context.Context, sku string) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, g.callTimeout)
	defer cancel()

	select {
	case rep := <-asyncStock(g.inventory, sku):
		return rep.count, rep.err
	case <-ctx.Done():
		return 0, fmt.Errorf("inventory %s: %w", sku, ctx.Err())
	}
}
