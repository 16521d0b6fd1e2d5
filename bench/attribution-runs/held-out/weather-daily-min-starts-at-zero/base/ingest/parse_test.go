package ingest

import "testing"

func TestParseLine(t *testing.T) {
	r, err := ParseLine("2024-07-03T06:00:00Z,12.5,0.4\n")
	if err != nil {
		t.Fatal(err)
	}
	if r.Temp != 12.5 || r.Rain != 0.4 || r.At.Hour() != 6 {
		t.Fatalf("got %+v", r)
	}
	if _, err := ParseLine("2024-07-03T06:00:00Z,warm,0"); err == nil {
		t.Fatal("a bad temperature must be an error")
	}
}
