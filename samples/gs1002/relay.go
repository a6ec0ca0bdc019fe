package gs1002

// serials hands out increasing serial numbers, for ever.
func serials(from int) <-chan int {
	out := make(chan int)
	go func() { // want `GS1002: more sends on "out" than receives: the goroutine keeps sending but NextSerial receives only once` "GS4001"
		for n := from; ; n++ {
			out <- n
		}
	}()
	return out
}

// Serials only passes the channel on: its callers hold it.
func Serials() <-chan int {
	return serials(1)
}

// NextSerial takes one number and drops the stream.
func NextSerial() int {
	return <-Serials()
}
