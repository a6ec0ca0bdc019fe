package gs1001

import (
	"context"
	"time"
)

// quote is one price from a slow pricing service.
type quote struct {
	price int
	err   error
}

func priceOf(sym string) quote {
	time.Sleep(time.Millisecond)
	return quote{price: len(sym)}
}

// quoteAsync returns a channel that will carry the quote: a summary the callers apply.
func quoteAsync(sym string) <-chan quote {
	ch := make(chan quote)
	go func() { ch <- priceOf(sym) }() // want `GS1001: goroutine blocks forever sending on "ch" when QuoteBefore returns without receiving`
	return ch
}

// QuoteBefore gives up when ctx is done, leaving quoteAsync's goroutine with no receiver.
func QuoteBefore(ctx context.Context, sym string) (int, error) {
	select {
	case q := <-quoteAsync(sym):
		return q.price, q.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// QuoteWait always takes the one quote.
func QuoteWait(sym string) int {
	q := <-quoteAsync(sym) // ok: the one send is received on every path
	return q.price
}

// QuoteEach takes each round's quote before it can return: one channel per round.
func QuoteEach(syms []string) (int, error) {
	total := 0
	for _, s := range syms {
		q := <-quoteAsync(s) // ok: each call's channel is received once
		if q.err != nil {
			return 0, q.err
		}
		total += q.price
	}
	return total, nil
}

// digits streams the decimal digits of n, most significant last, then closes.
func digits(n int) <-chan int {
	out := make(chan int)
	go func() { // want `GS1001: goroutine blocks forever sending on "out" when FirstOdd returns without receiving`
		defer close(out)
		for ; n > 0; n /= 10 {
			out <- n % 10
		}
	}()
	return out
}

// FirstOdd stops ranging at the first odd digit: the generator is abandoned mid-stream.
func FirstOdd(n int) int {
	for d := range digits(n) {
		if d%2 == 1 {
			return d
		}
	}
	return -1
}

// SumDigits drains the generator.
func SumDigits(n int) int {
	s := 0
	for d := range digits(n) { // ok: ranged to the end
		s += d
	}
	return s
}

// digitsUntil streams digits until the caller's ctx is done.
func digitsUntil(ctx context.Context, n int) <-chan int {
	out := make(chan int)
	go func() { // ok: every send also selects on the caller's ctx
		defer close(out)
		for ; n > 0; n /= 10 {
			select {
			case out <- n % 10:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// FirstOddUntil abandons the stream and cancels it.
func FirstOddUntil(n int) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for d := range digitsUntil(ctx, n) {
		if d%2 == 1 {
			return d
		}
	}
	return -1
}

// quoteBuffered has room for its one send.
func quoteBuffered(sym string) <-chan quote {
	ch := make(chan quote, 1)
	go func() { ch <- priceOf(sym) }() // ok: a buffer of 1 takes the one send
	return ch
}

// QuoteBufferedBefore gives up, but the send completes into the buffer.
func QuoteBufferedBefore(ctx context.Context, sym string) (int, error) {
	select {
	case q := <-quoteBuffered(sym):
		return q.price, q.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// QuoteRelay hands the channel on to its own caller: that caller is not visible here.
func QuoteRelay(sym string) <-chan quote {
	return quoteRelayed(sym)
}

func quoteRelayed(sym string) <-chan quote {
	ch := make(chan quote)
	go func() { ch <- priceOf(sym) }() // ok: the channel goes on to QuoteRelay's callers
	return ch
}
