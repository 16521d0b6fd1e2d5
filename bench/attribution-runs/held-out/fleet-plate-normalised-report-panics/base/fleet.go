// Package fleet keeps the company's vans: registration, trips and service intervals.
package fleet

import (
	"errors"
	"fmt"
	"time"
)

type Vehicle struct {
	Plate         string
	Model         string
	Odometer      int // km
	LastServiceKm int
	LastServiceAt time.Time
}

type Fleet struct {
	vehicles map[string]*Vehicle
}

var ErrDuplicate = errors.New("vehicle already registered")

func New() *Fleet {
	return &Fleet{vehicles: map[string]*Vehicle{}}
}

func (f *Fleet) Register(v Vehicle) error {
	if _, ok := f.vehicles[v.Plate]; ok {
		return ErrDuplicate
	}
	f.vehicles[v.Plate] = &v
	return nil
}

func (f *Fleet) get(plate string) *Vehicle {
	return f.vehicles[plate]
}

func (f *Fleet) RecordTrip(plate string, km int) error {
	if km <= 0 {
		return fmt.Errorf("trip length must be positive, got %d", km)
	}
	v := f.get(plate)
	if v == nil {
		return fmt.Errorf("unknown vehicle %q", plate)
	}
	v.Odometer += km
	return nil
}

func (f *Fleet) RecordService(plate string, at time.Time) error {
	v := f.get(plate)
	if v == nil {
		return fmt.Errorf("unknown vehicle %q", plate)
	}
	v.LastServiceKm = v.Odometer
	v.LastServiceAt = at
	return nil
}
