// Package gs2002 holds samples for GS2002: a goroutine parks in a select that can never
// proceed.
package gs2002

import "log"

// Warm starts a goroutine that does its work and then parks forever.
func Warm(keys []string) {
	go func() { // want `GS2002: goroutine never exits: it blocks forever in a select that can never proceed \(started by Warm, which returns\)`
		for _, k := range keys {
			log.Println("warming", k)
		}
		select {}
	}()
}

// Wait selects on channels it made itself: nobody else can ever use them.
func Wait() {
	go func() { // want "GS2002"
		select {
		case <-make(chan int):
		case make(chan string) <- "x":
		}
	}()
}

func main() {
	go func() { // ok: main parks itself below; the goroutine runs for the process
		log.Println("serving")
	}()
	select {} // ok: parking main is the idiom
}

func init() {
	go func() { // ok: started from init to live as long as the process
		log.Println("background")
		select {}
	}()
	_ = main
}
