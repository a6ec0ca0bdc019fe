package gs1003

import "errors"

// Orders arrive on a channel until a closing order: the worker then returns.
type order struct{ qty int }
type closeShop struct{}

// Shop hands the worker its orders and then the closing order, and waits for it.
func Shop(fill func(any)) {
	orders := make(chan any)
	finished := make(chan struct{})
	go func() { // ok: the worker returns on the closing order, Shop's last send
		defer close(finished)
		for {
			o := <-orders
			switch o.(type) {
			case *closeShop:
				return
			default:
				fill(o)
			}
		}
	}()
	orders <- &order{qty: 1}
	orders <- &order{qty: 2}
	orders <- &closeShop{}
	<-finished
}

// The end of a stream of readings: a constant the sender puts last.
const endOfReadings = -1

// Sum adds readings until the end marker and reports the total.
func Sum(readings []int, report func(int)) {
	in := make(chan int)
	go func() { // ok: the loop breaks out on endOfReadings, which Sum sends last on every path
		total := 0
	loop:
		for {
			r := <-in
			switch r {
			case endOfReadings:
				break loop
			}
			total += r
		}
		report(total)
	}()
	in <- 4
	in <- 5
	in <- endOfReadings
}

// ShopNeverClosed waits for a closing order that never comes.
func ShopNeverClosed(fill func(any)) {
	orders := make(chan any)
	go func() { // want `GS1003: goroutine blocks forever receiving from "orders"`
		for {
			o := <-orders
			switch o.(type) {
			case *closeShop:
				return
			default:
				fill(o)
			}
		}
	}()
	orders <- &order{qty: 1}
	orders <- &order{qty: 2}
}

// ShopMaybeClosed sends the closing order only when the check passes.
func ShopMaybeClosed(fill func(any), check func() error) error {
	orders := make(chan any)
	go func() { // want `GS1003: goroutine blocks forever receiving from "orders"`
		for {
			o := <-orders
			if _, ok := o.(*closeShop); ok {
				return
			}
			fill(o)
		}
	}()
	orders <- &order{qty: 1}
	if err := check(); err != nil {
		return errors.Join(err, errors.New("shop left open"))
	}
	orders <- &closeShop{}
	return nil
}
