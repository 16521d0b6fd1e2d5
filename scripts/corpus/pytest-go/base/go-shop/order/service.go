// Package order places orders: it reserves stock, prices the lines and saves the order.
package order

import (
	"fmt"

	"example.com/shop/inventory"
	"example.com/shop/money"
	"example.com/shop/store"
)

// Line is one product in an order.
type Line struct {
	SKU   string
	Price money.Cents
	Qty   int
}

// Service places orders.
type Service struct {
	Store     *store.Store
	Inventory *inventory.Inventory
}

// Place reserves stock for every line, applies the discount and saves the order.
func (s *Service) Place(customer string, lines []Line, discountPercent int) (*store.Order, error) {
	var subtotal money.Cents
	for _, l := range lines {
		if err := s.Inventory.Reserve(l.SKU, l.Qty); err != nil {
			return nil, fmt.Errorf("place order for %s: %w", customer, err)
		}
		subtotal += l.Price * money.Cents(l.Qty)
	}
	total := money.ApplyDiscount(subtotal, discountPercent)
	return s.Store.Save(&store.Order{Customer: customer, Total: total}), nil
}

// Spend is what a customer has spent over all their orders.
func (s *Service) Spend(customer string) money.Cents {
	var amounts []money.Cents
	for _, o := range s.Store.ForCustomer(customer) {
		amounts = append(amounts, o.Total)
	}
	return money.Sum(amounts...)
}
