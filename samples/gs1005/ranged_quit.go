package gs1005

type endOfBatch struct{}

const lastReading = -1

// TotalReadings ends the batch with a marker the summing goroutine returns on: it has
// taken every reading before the marker, so no sender is left behind.
func TotalReadings(readings []int) int {
	in := make(chan int)
	total := make(chan int, 1)
	go func() { // ok: the summer returns only on the marker, the last value sent
		for _, r := range readings {
			in <- r
		}
		in <- lastReading
	}()
	go func() {
		sum := 0
		for r := range in {
			if r == lastReading {
				total <- sum
				return
			}
			sum += r
		}
	}()
	return <-total
}

// CollectLabels ends with a marker value of its own type.
func CollectLabels(labels []string) []string {
	in := make(chan interface{})
	out := make(chan []string)
	go func() { // ok: the collector returns only on endOfBatch, sent last
		for _, l := range labels {
			in <- l
		}
		in <- endOfBatch{}
	}()
	go func() {
		var got []string
		for v := range in {
			switch x := v.(type) {
			case endOfBatch:
				out <- got
				return
			case string:
				got = append(got, x)
			}
		}
	}()
	return <-out
}

// MeasureLines ends with nil.
func MeasureLines(lines []string) int {
	in := make(chan *string)
	out := make(chan int)
	go func() { // ok: the measurer returns only on nil, sent last
		for i := range lines {
			in <- &lines[i]
		}
		in <- nil
	}()
	go func() {
		n := 0
		for p := range in {
			if p == nil {
				out <- n
				return
			}
			n += len(*p)
		}
	}()
	return <-out
}

// TotalCapped also gives up past a limit: the readings after that have no receiver.
func TotalCapped(readings []int, limit int) int {
	in := make(chan int)
	total := make(chan int, 1)
	go func() { // want `GS1005: goroutine can block forever sending on "in": the goroutine ranging over it can return before it has received every value`
		for _, r := range readings {
			in <- r
		}
		in <- lastReading
	}()
	go func() {
		sum := 0
		for r := range in {
			if r == lastReading {
				total <- sum
				return
			}
			sum += r
			if sum > limit {
				total <- sum
				return
			}
		}
	}()
	return <-total
}
