package shortener

import (
	"errors"
	"strings"
)

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// Encode turns an id into its short code.
func Encode(id uint64) string {
	if id == 0 {
		return string(alphabet[0])
	}
	var b strings.Builder
	for id > 0 {
		b.WriteByte(alphabet[id%62])
		id /= 62
	}
	return reverse(b.String())
}

// Decode turns a short code back into its id.
func Decode(code string) (uint64, error) {
	if code == "" {
		return 0, errors.New("empty code")
	}
	var id uint64
	for _, r := range code {
		i := strings.IndexRune(alphabet, r)
		if i < 0 {
			return 0, errors.New("invalid character in code")
		}
		id = id*62 + uint64(i)
	}
	return id, nil
}

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}
