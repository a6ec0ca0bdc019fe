package main

import (
	"fmt"
	"math"
	"time"
)

// Reading is one sample reported by a sensor.
type Reading struct {
	DeviceID string
	Metric   string
	Value    float64
	At       time.Time
}

// Device is a sensor attached to the gateway.
type Device struct {
	ID       string
	Metric   string
	Interval time.Duration
	readings chan Reading
}

// NewDevice returns a device ready to be attached.
func NewDevice(id, metric string, interval time.Duration) *Device {
	return &Device{ID: id, Metric: metric, Interval: interval, readings: make(chan Reading, 4)}
}

// poll samples the sensor n times and then closes the readings stream.
func (d *Device) poll(n int) {
	defer close(d.readings)
	for i := 0; i < n; i++ {
		time.Sleep(d.Interval)
		d.readings <- Reading{
			DeviceID: d.ID,
			Metric:   d.Metric,
			Value:    math.Round((20+5*math.Sin(float64(i)))*100) / 100,
			At:       time.Now(),
		}
	}
}

func (d *Device) String() string { return fmt.Sprintf("%s(%s)", d.ID, d.Metric) }
