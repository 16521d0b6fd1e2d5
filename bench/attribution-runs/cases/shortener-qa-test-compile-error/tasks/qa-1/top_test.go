package shortener

import "testing"

func TestTopIsTheMostResolvedCode(t *testing.T) {
	s := NewStore()
	a, _ := s.Shorten("https://example.com/a")
	b, _ := s.Shorten("https://example.com/b")
	s.Resolve(a)
	long := s.Resolve(b)
	s.Resolve(b)
	if long != "https://example.com/b" {
		t.Fatalf("Resolve(b) = %q", long)
	}
	if code, n := s.Top(); code != b || n != 2 {
		t.Errorf("Top() = %q, %d; want %q, 2", code, n, b)
	}
}
