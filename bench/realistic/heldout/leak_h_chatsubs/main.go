// Chat bot whose /watch command subscribes to CI events and replies when a build finishes. Leak: the watch handler returns after its build finishes without unsubscribing, so the hub blocks forever delivering the next event to it.
package main

import (
	"fmt"
	"time"

	"realistic/internal/leakprobe"
)

// watchBuild implements "/watch <build>": it subscribes to CI events and, in
// the background, waits for the build to finish and posts the outcome back to
// the channel the command came from.
func watchBuild(hub *Hub, build int, user string, replies chan<- string) {
	_, events := hub.Subscribe()
	go func() {
		for ev := range events {
			if ev.Build != build {
				continue
			}
			switch ev.Status {
			case "passed", "failed":
				replies <- fmt.Sprintf("@%s build #%d %s: %s", user, build, ev.Status, ev.URL)
				return
			}
		}
	}()
}

func run() {
	hub := NewHub()
	replies := make(chan string, 4)

	watchBuild(hub, 101, "dana", replies)
	watchBuild(hub, 102, "ravi", replies)

	for _, ev := range []Event{
		{Build: 101, Status: "running", URL: "https://ci.example.com/b/101"},
		{Build: 102, Status: "running", URL: "https://ci.example.com/b/102"},
		{Build: 102, Status: "passed", URL: "https://ci.example.com/b/102"},
		{Build: 101, Status: "failed", URL: "https://ci.example.com/b/101"},
	} {
		hub.Publish(ev)
	}

	timeout := time.After(100 * time.Millisecond)
	for i := 0; i < 2; i++ {
		select {
		case msg := <-replies:
			fmt.Println(msg)
		case <-timeout:
			fmt.Println("bot: no reply for a pending /watch")
			i = 2
		}
	}
	hub.Close()
}

func main() {
	run()
	leakprobe.Done()
}
