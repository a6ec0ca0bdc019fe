// Order-tracking service whose "wait for delivery" endpoint subscribes to an in-process event broker. Leak: the endpoint returns once its order is delivered but never unsubscribes, so the broker's dispatcher blocks forever on the abandoned subscriber's full channel.
package main

import (
	"fmt"

	"realistic/internal/leakprobe"
	"realistic/leak_svc_feed_subscribe/broker"
)

type OrderService struct {
	bus *broker.Broker
}

func (o *OrderService) advance(orderID string, statuses ...string) {
	for _, st := range statuses {
		o.bus.Publish(broker.Event{Topic: "orders", OrderID: orderID, Status: st})
	}
}

// WaitDelivered is the long-poll handler: it streams status changes for one
// order and returns when the order reaches "delivered".
func (o *OrderService) WaitDelivered(orderID string, start func()) []string {
	sub := o.bus.Subscribe("orders")
	start()

	var seen []string
	for ev := range sub.C {
		if ev.OrderID != orderID {
			continue
		}
		seen = append(seen, ev.Status)
		if ev.Status == "delivered" {
			break
		}
	}
	return seen
}

func main() {
	svc := &OrderService{bus: broker.New()}

	trail := svc.WaitDelivered("ord-1001", func() {
		svc.advance("ord-1001", "placed", "packed", "shipped", "delivered")
	})
	fmt.Println("ord-1001:", trail)

	// Other customers keep ordering after the long-poll finished.
	for i := 0; i < 4; i++ {
		id := fmt.Sprintf("ord-20%02d", i)
		svc.advance(id, "placed", "packed")
	}
	svc.bus.Close()
	leakprobe.Done()
}
