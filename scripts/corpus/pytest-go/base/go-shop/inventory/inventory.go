// Package inventory tracks stock per SKU.
package inventory

import (
	"errors"
	"fmt"
)

// ErrInsufficient is returned when a reservation asks for more than is in stock.
var ErrInsufficient = errors.New("insufficient stock")

type item struct {
	sku string
	qty int
}

// Inventory is not safe for concurrent use.
type Inventory struct {
	items map[string]*item
}

// New returns an empty inventory.
func New() *Inventory {
	return &Inventory{items: map[string]*item{}}
}

// Add puts qty units of sku in stock.
func (inv *Inventory) Add(sku string, qty int) {
	it, ok := inv.items[sku]
	if !ok {
		it = &item{sku: sku}
		inv.items[sku] = it
	}
	it.qty += qty
}

// Available reports the units of sku in stock.
func (inv *Inventory) Available(sku string) int {
	if it, ok := inv.items[sku]; ok {
		return it.qty
	}
	return 0
}

// Reserve takes qty units of sku out of stock.
func (inv *Inventory) Reserve(sku string, qty int) error {
	it, ok := inv.items[sku]
	if !ok || it.qty < qty {
		return fmt.Errorf("reserve %d of %q: %w", qty, sku, ErrInsufficient)
	}
	it.qty -= qty
	return nil
}
