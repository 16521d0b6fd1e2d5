package fleet

import (
	"testing"
	"time"
)

func TestRegisterRefusesDuplicates(t *testing.T) {
	f := New()
	if err := f.Register(Vehicle{Plate: "AB123CD", Model: "Kangoo"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Register(Vehicle{Plate: "AB123CD", Model: "Trafic"}); err != ErrDuplicate {
		t.Fatalf("want ErrDuplicate, got %v", err)
	}
}

func TestTripsAddUp(t *testing.T) {
	f := New()
	_ = f.Register(Vehicle{Plate: "AB123CD", Model: "Kangoo", Odometer: 1000})
	for _, km := range []int{120, 80} {
		if err := f.RecordTrip("AB123CD", km); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.RecordTrip("ZZ999ZZ", 10); err == nil {
		t.Fatal("a trip of an unknown vehicle must fail")
	}
	if got := f.get("AB123CD").Odometer; got != 1200 {
		t.Fatalf("odometer = %d, want 1200", got)
	}
}

func TestServiceResetsTheInterval(t *testing.T) {
	f := New()
	_ = f.Register(Vehicle{Plate: "AB123CD", Model: "Kangoo", Odometer: 16000})
	if got := f.KmToService("AB123CD"); got != -1000 {
		t.Fatalf("KmToService = %d, want -1000", got)
	}
	_ = f.RecordService("AB123CD", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))
	if got := f.KmToService("AB123CD"); got != ServiceIntervalKm {
		t.Fatalf("KmToService = %d, want %d", got, ServiceIntervalKm)
	}
}
