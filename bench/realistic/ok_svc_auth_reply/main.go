// Token service whose issuing state lives in a single actor goroutine that request handlers talk to through request messages carrying a reply channel. Correct: the actor answers every request, including unknown tenants, so no handler is left waiting on its reply channel.
package main

import (
	"fmt"
	"log"
	"time"

	"realistic/internal/leakprobe"
)

type loginRequest struct {
	Tenant string
	User   string
}

type loginResponse struct {
	Req    loginRequest
	Status int
	Token  string
}

// handleLogin is what the /oauth/token handler does once the password check passed.
func handleLogin(ts *TokenServer, req loginRequest, out chan<- loginResponse) {
	tok, err := ts.Issue(req.Tenant, req.User)
	if err != nil {
		out <- loginResponse{Req: req, Status: 403}
		return
	}
	out <- loginResponse{Req: req, Status: 200, Token: tok}
}

func main() {
	ts := NewTokenServer(map[string]tenantConfig{
		"acme":    {Issuer: "https://auth.acme.test", TTL: 15 * time.Minute},
		"initech": {Issuer: "https://auth.initech.test", TTL: time.Hour},
	})

	reqs := []loginRequest{
		{Tenant: "acme", User: "wile"},
		{Tenant: "initech", User: "peter"},
		{Tenant: "umbrella", User: "alice"},
		{Tenant: "acme", User: "road-runner"},
	}
	out := make(chan loginResponse, len(reqs))
	for _, r := range reqs {
		go handleLogin(ts, r, out)
	}

	deadline := time.After(100 * time.Millisecond)
collect:
	for range reqs {
		select {
		case resp := <-out:
			fmt.Printf("%s/%s -> %d %s\n", resp.Req.Tenant, resp.Req.User, resp.Status, resp.Token)
		case <-deadline:
			log.Printf("login requests still pending at deadline")
			break collect
		}
	}
	ts.Close()
	leakprobe.Done()
}
