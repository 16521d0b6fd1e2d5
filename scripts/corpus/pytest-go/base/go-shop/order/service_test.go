package order

import (
	"errors"
	"testing"

	"example.com/shop/inventory"
	"example.com/shop/store"
)

func newService() *Service {
	inv := inventory.New()
	inv.Add("mug", 10)
	inv.Add("tee", 10)
	return &Service{Store: store.New(), Inventory: inv}
}

func TestPlaceTotal(t *testing.T) {
	s := newService()
	o, err := s.Place("ada", []Line{{"mug", 1250, 2}, {"tee", 2000, 1}}, 10)
	if err != nil {
		t.Fatalf("Place: %v", err)
	}
	if o.Total != 4050 {
		t.Errorf("Total = %d, want 4050", o.Total)
	}
}

func TestPlaceUnknownProduct(t *testing.T) {
	s := newService()
	_, err := s.Place("ada", []Line{{"lamp", 4000, 1}}, 0)
	if !errors.Is(err, inventory.ErrInsufficient) {
		t.Fatalf("Place(unknown sku) error = %v, want ErrInsufficient", err)
	}
}

func TestSpend(t *testing.T) {
	s := newService()
	for i := 0; i < 2; i++ {
		if _, err := s.Place("ada", []Line{{"mug", 1250, 1}}, 0); err != nil {
			t.Fatalf("Place: %v", err)
		}
	}
	if got := s.Spend("ada"); got != 2500 {
		t.Errorf("Spend(ada) = %d, want 2500", got)
	}
}
