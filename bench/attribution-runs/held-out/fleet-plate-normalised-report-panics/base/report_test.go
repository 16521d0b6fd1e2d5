package fleet

import "testing"

func TestMileageReport(t *testing.T) {
	f := New()
	_ = f.Register(Vehicle{Plate: "AB123CD", Model: "Kangoo", Odometer: 4200})
	want := "AB123CD (Kangoo): 4200 km, service in 10800 km"
	if got := f.MileageReport("AB123CD"); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
