package main

// deliver sends one value on ch.
func deliver(ch chan<- string, v string) {
	ch <- v
}

// wait returns once start is closed or sent on.
func wait(start <-chan struct{}) {
	<-start
}
