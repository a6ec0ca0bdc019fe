// Multi-tenant login service with an LRU of per-tenant session stores. Correct: evicting a tenant closes its session store, stopping the janitor, and closeAll closes the rest at shutdown.
package main

import (
	"fmt"
	"log"
	"time"

	"realistic/internal/leakprobe"
)

type loginRequest struct {
	tenant string
	user   string
}

func main() {
	tenants := newTenantSessions(2, 30*time.Minute, time.Minute)

	reqs := []loginRequest{
		{"acme", "alice"},
		{"globex", "hank"},
		{"acme", "bob"},
		{"initech", "peter"},  // evicts globex
		{"umbrella", "alice"}, // evicts acme
		{"initech", "milton"},
	}
	for _, r := range reqs {
		store := tenants.storeFor(r.tenant)
		sess, err := store.Create(r.user)
		if err != nil {
			log.Printf("login %s@%s: %v", r.user, r.tenant, err)
			continue
		}
		if _, err := store.Touch(sess.ID); err != nil {
			log.Printf("touch %s@%s: %v", r.user, r.tenant, err)
			continue
		}
		fmt.Printf("login %s@%s ok (%d sessions for tenant)\n", r.user, r.tenant, store.Len())
	}
	fmt.Printf("tenants evicted: %d\n", tenants.evicted)

	tenants.closeAll()

	leakprobe.Done()
}
