package main

import (
	"errors"
	"sort"
	"strings"
	"sync"
)

var errNoRoute = errors.New("no route")

type Route struct {
	Host     string
	Prefix   string
	Upstream string
}

// RouteTable maps host+path to an upstream. Exact host+path pairs seen
// before are answered from a hot map; everything else goes through the
// longest-prefix scan.
type RouteTable struct {
	mu      sync.RWMutex
	routes  []Route // sorted by descending prefix length
	hot     map[string]string
	version int
}

func NewRouteTable(routes []Route) *RouteTable {
	t := &RouteTable{}
	t.install(routes)
	return t
}

func (t *RouteTable) install(routes []Route) {
	rs := append([]Route(nil), routes...)
	sort.Slice(rs, func(i, j int) bool { return len(rs[i].Prefix) > len(rs[j].Prefix) })
	t.routes = rs
	t.hot = make(map[string]string)
	t.version++
}

func (t *RouteTable) Lookup(host, path string) (string, error) {
	key := host + path
	t.mu.RLock()
	if up, ok := t.hot[key]; ok {
		t.mu.RUnlock()
		return up, nil
	}
	var upstream string
	for _, r := range t.routes {
		if r.Host == host && strings.HasPrefix(path, r.Prefix) {
			upstream = r.Upstream
			break
		}
	}
	t.mu.RUnlock()
	if upstream == "" {
		return "", errNoRoute
	}
	t.mu.Lock()
	t.hot[key] = upstream
	t.mu.Unlock()
	return upstream, nil
}

func (t *RouteTable) Replace(routes []Route) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.install(routes)
	return t.version
}

// Watch applies config pushes until updates is closed.
func (t *RouteTable) Watch(updates <-chan []Route, applied chan<- int) {
	for rs := range updates {
		applied <- t.Replace(rs)
	}
	close(applied)
}
