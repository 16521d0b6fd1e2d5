package inventory

import (
	"errors"
	"testing"
)

func TestAddAndAvailable(t *testing.T) {
	inv := New()
	inv.Add("mug", 3)
	inv.Add("mug", 2)
	if got := inv.Available("mug"); got != 5 {
		t.Fatalf("Available(mug) = %d, want 5", got)
	}
	if got := inv.Available("nope"); got != 0 {
		t.Fatalf("Available(nope) = %d, want 0", got)
	}
}

func TestReserve(t *testing.T) {
	inv := New()
	inv.Add("mug", 5)
	if err := inv.Reserve("mug", 2); err != nil {
		t.Fatalf("Reserve: %v", err)
	}
	if got := inv.Available("mug"); got != 3 {
		t.Errorf("after Reserve, Available = %d, want 3", got)
	}
}

func TestReserveTooMany(t *testing.T) {
	inv := New()
	inv.Add("mug", 1)
	err := inv.Reserve("mug", 2)
	if !errors.Is(err, ErrInsufficient) {
		t.Fatalf("Reserve(2 of 1) error = %v, want ErrInsufficient", err)
	}
}
