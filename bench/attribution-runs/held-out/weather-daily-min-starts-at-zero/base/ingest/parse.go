// Package ingest reads the stations' CSV uploads.
package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"example.com/weather/stats"
)

// ParseLine reads "2024-07-03T06:00:00Z,12.5,0.0".
func ParseLine(line string) (stats.Reading, error) {
	parts := strings.Split(strings.TrimSpace(line), ",")
	if len(parts) != 3 {
		return stats.Reading{}, fmt.Errorf("want 3 fields, got %d", len(parts))
	}
	at, err := time.Parse(time.RFC3339, parts[0])
	if err != nil {
		return stats.Reading{}, err
	}
	temp, err := strconv.ParseFloat(parts[1], 64)
	if err != nil {
		return stats.Reading{}, fmt.Errorf("temperature: %w", err)
	}
	rain, err := strconv.ParseFloat(parts[2], 64)
	if err != nil {
		return stats.Reading{}, fmt.Errorf("rain: %w", err)
	}
	return stats.Reading{At: at, Temp: temp, Rain: rain}, nil
}
