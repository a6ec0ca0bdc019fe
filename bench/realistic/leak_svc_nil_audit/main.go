// Profile service that records an audit event for every profile update through an asynchronous audit writer. Leak: the admin-console instance is built with a struct literal instead of NewProfileService, so its audit channel is nil and every update leaves a goroutine blocked sending on it.
package main

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type Profile struct {
	ID          string
	DisplayName string
	Locale      string
}

type auditEvent struct {
	Actor  string
	Target string
	Field  string
	At     time.Time
}

type profileStore struct {
	mu   sync.Mutex
	rows map[string]Profile
}

func (s *profileStore) Get(id string) (Profile, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.rows[id]
	return p, ok
}

func (s *profileStore) Put(p Profile) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rows[p.ID] = p
}

type auditLog struct {
	mu      sync.Mutex
	entries []string
}

func (l *auditLog) append(e auditEvent) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, fmt.Sprintf("%s changed %s of %s", e.Actor, e.Field, e.Target))
}

type ProfileService struct {
	store   *profileStore
	audit   chan auditEvent
	log     *auditLog
	pending sync.WaitGroup
	flushed chan struct{}
}

func NewProfileService(store *profileStore, log *auditLog) *ProfileService {
	s := &ProfileService{
		store:   store,
		audit:   make(chan auditEvent, 32),
		log:     log,
		flushed: make(chan struct{}),
	}
	go s.writeAudit()
	return s
}

func (s *ProfileService) writeAudit() {
	defer close(s.flushed)
	for e := range s.audit {
		s.log.append(e)
	}
}

// Close flushes pending audit events.
func (s *ProfileService) Close() {
	s.pending.Wait()
	close(s.audit)
	<-s.flushed
}

var errNoProfile = errors.New("no such profile")

func (s *ProfileService) UpdateDisplayName(actor, id, name string) error {
	p, ok := s.store.Get(id)
	if !ok {
		return errNoProfile
	}
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 64 {
		return fmt.Errorf("invalid display name %q", name)
	}
	p.DisplayName = name
	s.store.Put(p)

	// Auditing must never add latency to the request path.
	ev := auditEvent{Actor: actor, Target: id, Field: "display_name", At: time.Now()}
	s.pending.Add(1)
	go func() {
		defer s.pending.Done()
		s.audit <- ev
	}()
	return nil
}

// adminConsole serves support staff; it shares the profile store but does not
// need its own audit flushing on shutdown.
type adminConsole struct {
	profiles *ProfileService
}

func newAdminConsole(store *profileStore, log *auditLog) *adminConsole {
	return &adminConsole{profiles: &ProfileService{store: store, log: log}}
}

func main() {
	store := &profileStore{rows: map[string]Profile{
		"u1": {ID: "u1", DisplayName: "ada", Locale: "en-GB"},
		"u2": {ID: "u2", DisplayName: "grace", Locale: "en-US"},
	}}
	log := &auditLog{}

	api := NewProfileService(store, log)
	admin := newAdminConsole(store, log)

	fmt.Println(api.UpdateDisplayName("u1", "u1", "Ada L."))
	fmt.Println(admin.profiles.UpdateDisplayName("support:kim", "u2", "Grace H."))
	fmt.Println(admin.profiles.UpdateDisplayName("support:kim", "u1", "Ada Lovelace"))
	fmt.Println(api.UpdateDisplayName("u2", "u2", "   "))

	api.Close()
	for _, e := range log.entries {
		fmt.Println("audit:", e)
	}
	leakprobe.Done()
}
