package shortener

import "testing"

func TestEncodeDecodeRoundTrip(t *testing.T) {
	for _, id := range []uint64{0, 1, 61, 62, 3843, 3844, 1 << 40} {
		code := Encode(id)
		got, err := Decode(code)
		if err != nil || got != id {
			t.Errorf("Decode(Encode(%d)) = %d, %v (code %q)", id, got, err, code)
		}
	}
}

func TestEncodeKnownValues(t *testing.T) {
	cases := map[uint64]string{0: "0", 61: "Z", 62: "10", 3844: "100"}
	for id, want := range cases {
		if got := Encode(id); got != want {
			t.Errorf("Encode(%d) = %q, want %q", id, got, want)
		}
	}
}

func TestDecodeRejectsBadInput(t *testing.T) {
	for _, code := range []string{"", "ab-c", "é"} {
		if _, err := Decode(code); err == nil {
			t.Errorf("Decode(%q) succeeded", code)
		}
	}
}
