// Storefront checkout service that keeps logged-in sessions in a shared store and guest checkouts in a separate store. Correct: the guest store is created once at startup and closed at shutdown like the member store, so no janitor outlives the service.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"realistic/internal/leakprobe"
	"realistic/ok_svc_session_janitor/sessions"
)

type Checkout struct {
	members *sessions.Store
	guests  *sessions.Store
}

func (c *Checkout) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if ck, err := r.Cookie("sid"); err == nil {
		sess, ok := c.members.Get(ck.Value)
		if !ok {
			http.Error(w, "session expired", http.StatusUnauthorized)
			return
		}
		fmt.Fprintf(w, "checkout for %s\n", sess.UserID)
		return
	}
	c.guestCheckout(w, r)
}

// guestCheckout keeps guest carts out of the member store so they can never be
// promoted to a logged-in session by accident.
func (c *Checkout) guestCheckout(w http.ResponseWriter, r *http.Request) {
	email := r.URL.Query().Get("email")
	if email == "" {
		http.Error(w, "guest checkout needs an email", http.StatusBadRequest)
		return
	}
	sess := c.guests.Create("guest:" + email)
	sess.Values["cart"] = r.URL.Query().Get("cart")
	http.SetCookie(w, &http.Cookie{Name: "guest", Value: sess.ID, MaxAge: 600})
	fmt.Fprintf(w, "guest checkout for %s (cart %s)\n", email, sess.Values["cart"])
}

func main() {
	members := sessions.NewStore(30*time.Minute, 25*time.Millisecond)
	guests := sessions.NewStore(10*time.Minute, 25*time.Millisecond)
	c := &Checkout{members: members, guests: guests}
	alice := members.Create("user:alice")

	do := func(target string, cookie *http.Cookie) {
		req := httptest.NewRequest(http.MethodPost, target, nil)
		if cookie != nil {
			req.AddCookie(cookie)
		}
		rec := httptest.NewRecorder()
		c.ServeHTTP(rec, req)
		fmt.Printf("POST %s -> %d %s", target, rec.Code, rec.Body.String())
	}
	do("/checkout", &http.Cookie{Name: "sid", Value: alice.ID})
	do("/checkout?email=bob@example.com&cart=c-19", nil)
	do("/checkout?email=carol@example.com&cart=c-20", nil)
	do("/checkout", nil)

	members.Close()
	guests.Close()
	leakprobe.Done()
}
