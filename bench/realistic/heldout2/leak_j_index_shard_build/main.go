// Search indexer that builds the shards of a product catalogue in parallel and stops at the first failed shard; the shard builders still running block forever reporting into the unbuffered error channel nobody reads any more.
package main

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
	"time"

	"realistic/internal/leakprobe"
)

type document struct {
	ID    string
	Title string
	Body  string
}

// shard holds an inverted index for a slice of the catalogue.
type shard struct {
	id       int
	docs     []document
	postings map[string][]string
}

func newShard(id int, docs []document) *shard {
	return &shard{id: id, docs: docs, postings: make(map[string][]string)}
}

func (s *shard) build() error {
	for _, d := range s.docs {
		if d.ID == "" {
			return fmt.Errorf("shard %d: document without id (title %q)", s.id, d.Title)
		}
		for _, term := range strings.Fields(strings.ToLower(d.Title + " " + d.Body)) {
			s.postings[term] = append(s.postings[term], d.ID)
		}
		time.Sleep(15 * time.Millisecond) // analyzer + stemmer cost per document
	}
	return nil
}

type indexer struct {
	shards int
}

func (ix *indexer) partition(docs []document) [][]document {
	parts := make([][]document, ix.shards)
	for _, d := range docs {
		h := fnv.New32a()
		h.Write([]byte(d.Title))
		n := int(h.Sum32()) % ix.shards
		parts[n] = append(parts[n], d)
	}
	return parts
}

// Rebuild rebuilds every shard and returns the first error.
func (ix *indexer) Rebuild(docs []document) ([]*shard, error) {
	parts := ix.partition(docs)
	shards := make([]*shard, len(parts))
	errc := make(chan error)
	for i, part := range parts {
		shards[i] = newShard(i, part)
		go func(s *shard) {
			errc <- s.build()
		}(shards[i])
	}
	for range shards {
		if err := <-errc; err != nil {
			return nil, fmt.Errorf("rebuild: %w", err)
		}
	}
	return shards, nil
}

func catalogue() []document {
	titles := []string{
		"wireless headphones", "usb-c charger", "mechanical keyboard", "4k monitor",
		"ergonomic mouse", "laptop stand", "webcam 1080p", "desk lamp",
		"noise cancelling earbuds", "portable ssd", "hdmi cable", "standing desk",
	}
	docs := make([]document, 0, len(titles))
	for i, t := range titles {
		docs = append(docs, document{ID: fmt.Sprintf("sku-%04d", 100+i), Title: t, Body: "in stock, ships in 2 days"})
	}
	return docs
}

func main() {
	ix := &indexer{shards: 4}

	docs := catalogue()
	shards, err := ix.Rebuild(docs)
	if err != nil {
		fmt.Println(err)
		return
	}
	terms := make([]string, 0)
	for _, s := range shards {
		for t := range s.postings {
			terms = append(terms, t)
		}
	}
	sort.Strings(terms)
	fmt.Printf("first rebuild: %d shards, %d terms\n", len(shards), len(terms))

	// A feed import slipped a row through without its SKU.
	docs = append([]document{{Title: "gift card", Body: "digital delivery"}}, docs...)
	if _, err := ix.Rebuild(docs); err != nil {
		fmt.Println("second rebuild:", err)
	}

	leakprobe.Done()
}
