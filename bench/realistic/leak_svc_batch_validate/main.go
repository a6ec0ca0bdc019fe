// Bulk user-import endpoint that validates every record concurrently against the directory service with a hand-written first-error group and rejects the batch on the first error. Leak: the group's Wait returns on the first error while the remaining validators block forever sending their results on its unbuffered channel.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strings"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type User struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	Team  string `json:"team"`
}

// directory simulates the corporate directory lookup (LDAP behind an RPC hop).
type directory struct {
	mu    sync.Mutex
	taken map[string]bool
	rtt   time.Duration
}

func (d *directory) EmailTaken(email string) bool {
	time.Sleep(d.rtt)
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.taken[strings.ToLower(email)]
}

type ImportService struct {
	dir   *directory
	teams map[string]bool
}

type validationError struct {
	Index int
	Err   error
}

func (e *validationError) Error() string { return fmt.Sprintf("record %d: %v", e.Index, e.Err) }

func (s *ImportService) validate(i int, u User) error {
	if _, err := mail.ParseAddress(u.Email); err != nil {
		return &validationError{Index: i, Err: err}
	}
	if !s.teams[u.Team] {
		return &validationError{Index: i, Err: fmt.Errorf("unknown team %q", u.Team)}
	}
	if s.dir.EmailTaken(u.Email) {
		return &validationError{Index: i, Err: errors.New("email already registered")}
	}
	return nil
}

// firstError runs tasks concurrently and reports the first failure, so a bad
// batch is rejected without waiting for the slow directory lookups.
type firstError struct {
	errc chan error
	n    int
}

func newFirstError() *firstError { return &firstError{errc: make(chan error)} }

func (g *firstError) Go(f func() error) {
	g.n++
	go func() {
		g.errc <- f()
	}()
}

func (g *firstError) Wait() error {
	for i := 0; i < g.n; i++ {
		if err := <-g.errc; err != nil {
			return err
		}
	}
	return nil
}

func (s *ImportService) validateAll(users []User) error {
	g := newFirstError()
	for i, u := range users {
		g.Go(func() error { return s.validate(i, u) })
	}
	return g.Wait()
}

func (s *ImportService) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var users []User
	if err := json.NewDecoder(r.Body).Decode(&users); err != nil {
		http.Error(w, "malformed body", http.StatusBadRequest)
		return
	}
	if err := s.validateAll(users); err != nil {
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	}
	w.WriteHeader(http.StatusAccepted)
	fmt.Fprintf(w, "queued %d users\n", len(users))
}

func main() {
	svc := &ImportService{
		dir:   &directory{taken: map[string]bool{"grace@example.com": true}, rtt: 15 * time.Millisecond},
		teams: map[string]bool{"payments": true, "search": true},
	}

	batches := [][]User{
		{
			{Email: "ada@example.com", Name: "Ada", Team: "payments"},
			{Email: "alan@example.com", Name: "Alan", Team: "search"},
		},
		{
			{Email: "edsger@example.com", Name: "Edsger", Team: "search"},
			{Email: "barbara@example.com", Name: "Barbara", Team: "payments"},
			{Email: "not-an-address", Name: "Ken", Team: "search"},
			{Email: "dennis@example.com", Name: "Dennis", Team: "payments"},
		},
	}
	for _, b := range batches {
		body, _ := json.Marshal(b)
		req := httptest.NewRequest(http.MethodPost, "/admin/users:import", strings.NewReader(string(body)))
		rec := httptest.NewRecorder()
		svc.ServeHTTP(rec, req)
		fmt.Printf("import %d users -> %d %s", len(b), rec.Code, rec.Body.String())
	}
	leakprobe.Done()
}
