package stats

import (
	"testing"
	"time"
)

func at(h int) time.Time { return time.Date(2024, 7, 3, h, 0, 0, 0, time.UTC) }

func TestDailySummary(t *testing.T) {
	got := Daily([]Reading{{at(6), 12.5, 0}, {at(12), 24.0, 0.4}, {at(18), 19.5, 1.2}})
	want := Summary{Min: 12.5, Max: 24.0, Mean: 18.7, Rain: 1.6, Count: 3}
	if got.Min != want.Min || got.Max != want.Max || got.Mean != want.Mean || got.Count != want.Count {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if d := got.Rain - want.Rain; d > 1e-9 || d < -1e-9 {
		t.Fatalf("rain = %v, want %v", got.Rain, want.Rain)
	}
}

func TestFrostyNight(t *testing.T) {
	got := Daily([]Reading{{at(2), -3.5, 0}, {at(4), -6.0, 0}, {at(8), 1.0, 0}})
	if got.Min != -6.0 || got.Max != 1.0 {
		t.Fatalf("min/max = %v/%v, want -6/1", got.Min, got.Max)
	}
}

func TestNoReadings(t *testing.T) {
	if got := Daily(nil); got != (Summary{}) {
		t.Fatalf("got %+v, want the zero Summary", got)
	}
}
