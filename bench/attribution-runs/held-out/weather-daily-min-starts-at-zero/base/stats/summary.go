// Package stats summarises a station's readings.
package stats

import (
	"math"
	"time"
)

type Reading struct {
	At   time.Time
	Temp float64 // °C
	Rain float64 // mm since the previous reading
}

type Summary struct {
	Min, Max, Mean float64
	Rain           float64
	Count          int
}

// Daily summarises one day's readings; the zero Summary when there are none.
func Daily(readings []Reading) Summary {
	s := Summary{Min: math.Inf(1), Max: math.Inf(-1)}
	total := 0.0
	for _, r := range readings {
		if r.Temp < s.Min {
			s.Min = r.Temp
		}
		if r.Temp > s.Max {
			s.Max = r.Temp
		}
		total += r.Temp
		s.Rain += r.Rain
		s.Count++
	}
	if s.Count == 0 {
		return Summary{}
	}
	s.Mean = math.Round(total/float64(s.Count)*10) / 10
	return s
}
