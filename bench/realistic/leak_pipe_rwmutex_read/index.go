package main

import (
	"errors"
	"sort"
	"strings"
	"sync"
)

var errEmptyQuery = errors.New("empty query")

// invertedIndex maps terms to the sorted IDs of the documents containing them.
type invertedIndex struct {
	mu       sync.RWMutex
	postings map[string][]int
	docs     int
}

func newInvertedIndex() *invertedIndex {
	return &invertedIndex{postings: make(map[string][]int)}
}

func tokenize(s string) []string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	sort.Strings(f)
	return f
}

// Add indexes one document.
func (ix *invertedIndex) Add(id int, text string) {
	terms := tokenize(text)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	seen := map[string]bool{}
	for _, t := range terms {
		if seen[t] {
			continue
		}
		seen[t] = true
		ix.postings[t] = append(ix.postings[t], id)
	}
	ix.docs++
}

// Search returns the documents that contain every term of query.
func (ix *invertedIndex) Search(query string) ([]int, error) {
	terms := tokenize(query)
	if len(terms) == 0 {
		return nil, errEmptyQuery
	}

	ix.mu.RLock()
	result, ok := ix.postings[terms[0]]
	if !ok {
		return nil, nil
	}
	result = append([]int(nil), result...)
	for _, t := range terms[1:] {
		result = intersect(result, ix.postings[t])
	}
	ix.mu.RUnlock()
	return result, nil
}

func intersect(a, b []int) []int {
	var out []int
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, a[i])
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return out
}
