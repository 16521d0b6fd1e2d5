// Package store keeps orders in memory, indexed by id and by customer.
package store

import (
	"fmt"

	"example.com/shop/money"
)

// Order is a placed order.
type Order struct {
	ID       int
	Customer string
	Total    money.Cents
}

// Store is an in-memory order repository.
type Store struct {
	nextID     int
	orders     map[int]*Order
	byCustomer map[string][]int
}

// New returns an empty store.
func New() *Store {
	return &Store{nextID: 1, orders: map[int]*Order{}, byCustomer: map[string][]int{}}
}

// Save assigns an id to o and stores it.
func (s *Store) Save(o *Order) *Order {
	o.ID = s.nextID
	s.nextID++
	s.orders[o.ID] = o
	s.byCustomer[o.Customer] = append(s.byCustomer[o.Customer], o.ID)
	return o
}

// Get returns the order with the given id.
func (s *Store) Get(id int) (*Order, error) {
	o, ok := s.orders[id]
	if !ok {
		return nil, fmt.Errorf("order %d not found", id)
	}
	return o, nil
}

// ForCustomer lists a customer's orders, oldest first.
func (s *Store) ForCustomer(customer string) []*Order {
	var out []*Order
	for _, id := range s.byCustomer[customer] {
		out = append(out, s.orders[id])
	}
	return out
}
