package server

import "testing"

func TestAvailableSkipsSoldOutItems(t *testing.T) {
	m := NewMenu(Item{"C1", "Coffee", 250, 3}, Item{"T1", "Tea", 200, 0}, Item{"M1", "Muffin", 300, 1})
	got := m.Available()
	if len(got) != 2 || got[0].Code != "C1" || got[1].Code != "M1" {
		t.Fatalf("got %+v", got)
	}
}

func TestTakeUntilSoldOut(t *testing.T) {
	m := NewMenu(Item{"M1", "Muffin", 300, 1})
	if _, err := m.Take("M1"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Take("M1"); err != ErrSoldOut {
		t.Fatalf("want ErrSoldOut, got %v", err)
	}
}
