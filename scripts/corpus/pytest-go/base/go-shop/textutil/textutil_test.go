package textutil

import "testing"

func TestSlug(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"simple", "Coffee Mug", "coffee-mug"},
		{"punctuation", "Coffee Mug, Large!", "coffee-mug-large"},
		{"trims dashes", "  --Tea--  ", "tea"},
		{"digits", "Size 42", "size-42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Slug(tt.in); got != tt.want {
				t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	if got := Truncate("enamel pin", 6); got != "enamel..." {
		t.Errorf("Truncate = %q, want %q", got, "enamel...")
	}
	if got := Truncate("mug", 3); got != "mug" {
		t.Errorf("Truncate(mug, 3) = %q, want %q", got, "mug")
	}
}
