// Thumbnail render queue with a bounded backlog: Submit returns ErrQueueFull with the queue mutex held, so both workers block in next and the shutdown waiter blocks on the WaitGroup.
package main

import (
	"errors"
	"fmt"
	"time"

	"realistic/internal/leakprobe"
)

func render(j Job) {
	time.Sleep(20 * time.Millisecond)
}

func run() {
	q := NewQueue(2, 3, render)
	images := []string{"a.png", "b.png", "c.png", "d.png", "e.png", "f.png", "g.png", "h.png"}
	accepted := 0
	for i, img := range images {
		err := q.Submit(Job{ID: i + 1, Image: img})
		if errors.Is(err, ErrQueueFull) {
			fmt.Printf("backlog full, shedding %d images\n", len(images)-i)
			break
		}
		accepted++
	}
	fmt.Println("accepted", accepted)
	time.Sleep(50 * time.Millisecond)
	if err := q.Shutdown(150 * time.Millisecond); err != nil {
		fmt.Println(err)
	}
}

func main() {
	run()
	leakprobe.Done()
}
