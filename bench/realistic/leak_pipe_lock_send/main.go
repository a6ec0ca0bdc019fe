// Webhook delivery spool where a feed goroutine enqueues tenant batches and a consumer goroutine delivers and acks them. Leak: EnqueueBatch holds the spool mutex while sending into the bounded channel, and the consumer needs that mutex to ack, so once the channel fills the feed and the consumer block each other forever.
package main

import (
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"realistic/internal/leakprobe"
)

func makeBatch(tenant string, n int) []task {
	tasks := make([]task, n)
	for i := range tasks {
		tasks[i] = task{tenant: tenant, id: i, payload: fmt.Sprintf(`{"event":"invoice.paid","seq":%d}`, i)}
	}
	return tasks
}

func main() {
	logger := log.New(os.Stderr, "spool: ", 0)
	sp := newSpool(4)

	delivered := make(chan int, 1)
	go func() {
		n := 0
		sp.consume(func(t task) {
			if !strings.HasPrefix(t.payload, "{") {
				logger.Printf("tenant %s task %d: bad payload", t.tenant, t.id)
				return
			}
			n++
		})
		delivered <- n
	}()

	go func() {
		sp.EnqueueBatch("acme", makeBatch("acme", 10))
		sp.EnqueueBatch("globex", makeBatch("globex", 3))
		sp.Close()
	}()

	select {
	case n := <-delivered:
		fmt.Printf("delivered %d webhooks\n", n)
	case <-time.After(100 * time.Millisecond):
		logger.Printf("delivery did not finish in time")
	}

	leakprobe.Done()
}
