package store

import "testing"

func TestSaveAndGet(t *testing.T) {
	s := New()
	o := s.Save(&Order{Customer: "ada", Total: 1250})
	got, err := s.Get(o.ID)
	if err != nil {
		t.Fatalf("Get(%d): %v", o.ID, err)
	}
	if got != o {
		t.Errorf("Get returned %+v, want %+v", got, o)
	}
}

func TestGetMissing(t *testing.T) {
	if _, err := New().Get(42); err == nil {
		t.Error("Get(42) on an empty store succeeded")
	}
}

func TestForCustomer(t *testing.T) {
	s := New()
	s.Save(&Order{Customer: "ada"})
	s.Save(&Order{Customer: "bob"})
	s.Save(&Order{Customer: "ada"})
	got := s.ForCustomer("ada")
	if len(got) != 2 || got[0].ID != 1 || got[1].ID != 3 {
		t.Errorf("ForCustomer(ada) = %v, want orders 1 and 3", got)
	}
}
