// Maintenance job scheduler: every job marks itself done on the WaitGroup, whether it ran or failed validation.
package main

import (
	"context"
	"fmt"
	"time"

	"realistic/internal/leakprobe"
)

func main() {
	s := NewScheduler()
	jobs := []Job{
		{Name: "vacuum-orders", Cron: "0 3 * * *", Duration: 10 * time.Millisecond},
		{Name: "rotate-keys", Cron: "", Duration: 5 * time.Millisecond},
		{Name: "reindex-search", Cron: "30 2 * * *", Duration: 20 * time.Millisecond},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	if err := s.RunAll(ctx, jobs); err != nil {
		fmt.Println(err)
	}
	cancel()
	fmt.Println(s.Report())
	leakprobe.Done()
}
