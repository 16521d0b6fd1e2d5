package fleet

import "testing"

// Plates are typed by hand at the depot: any case, with or without spaces.
func TestPlatesInAnyCaseAndSpacing(t *testing.T) {
	f := New()
	if err := f.Register(Vehicle{Plate: "ab 123 cd", Model: "Kangoo", Odometer: 1000}); err != nil {
		t.Fatal(err)
	}
	if err := f.Register(Vehicle{Plate: "AB123CD", Model: "Trafic"}); err != ErrDuplicate {
		t.Fatalf("the same plate written differently must be a duplicate, got %v", err)
	}
	if err := f.RecordTrip("Ab123Cd", 250); err != nil {
		t.Fatal(err)
	}
	want := "AB123CD (Kangoo): 1250 km, service in 13750 km"
	if got := f.MileageReport("ab 123 cd"); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestOverdueServiceIsReported(t *testing.T) {
	f := New()
	_ = f.Register(Vehicle{Plate: "EF456GH", Model: "Master", Odometer: 15400})
	want := "EF456GH (Master): 15400 km, service overdue by 400 km"
	if got := f.MileageReport("EF456GH"); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
