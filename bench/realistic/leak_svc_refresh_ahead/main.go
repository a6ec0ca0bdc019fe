// Feature-flag service that serves flag lookups from a refresh-ahead cache in front of the flag database. Leak: invalidating a key after an admin write drops the cache entry without stopping its background refresher, so every invalidated hot key keeps a refresh goroutine ticking forever.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"realistic/internal/leakprobe"
	"realistic/leak_svc_refresh_ahead/cache"
)

type flagDB struct {
	mu    sync.Mutex
	flags map[string]string
	reads int
}

func (db *flagDB) Load(key string) (string, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.reads++
	v, ok := db.flags[key]
	if !ok {
		return "", fmt.Errorf("flag %q not defined", key)
	}
	return v, nil
}

func (db *flagDB) Set(key, v string) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.flags[key] = v
}

type FlagService struct {
	db    *flagDB
	cache *cache.Cache
}

func (s *FlagService) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimPrefix(r.URL.Path, "/flags/")
	switch r.Method {
	case http.MethodGet:
		v, err := s.cache.Get(key)
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		fmt.Fprintln(w, v)
	case http.MethodPut:
		v := r.URL.Query().Get("value")
		s.db.Set(key, v)
		s.cache.Invalidate(key)
		w.WriteHeader(http.StatusNoContent)
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func main() {
	db := &flagDB{flags: map[string]string{
		"checkout.new_flow":  "off",
		"search.semantic":    "on",
		"billing.dunning_v2": "off",
	}}
	svc := &FlagService{db: db, cache: cache.New(db.Load, 3, 20*time.Millisecond)}

	do := func(method, target string) {
		rec := httptest.NewRecorder()
		svc.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
		fmt.Printf("%s %s -> %d %s", method, target, rec.Code, strings.TrimSpace(rec.Body.String())+"\n")
	}

	// Every page view reads these flags, so they become hot quickly.
	for i := 0; i < 3; i++ {
		do(http.MethodGet, "/flags/checkout.new_flow")
		do(http.MethodGet, "/flags/search.semantic")
		do(http.MethodGet, "/flags/billing.dunning_v2")
	}
	do(http.MethodPut, "/flags/checkout.new_flow?value=on")
	do(http.MethodPut, "/flags/billing.dunning_v2?value=25pct")
	do(http.MethodGet, "/flags/checkout.new_flow")
	do(http.MethodGet, "/flags/unknown.flag")

	svc.cache.Close()
	leakprobe.Done()
}
