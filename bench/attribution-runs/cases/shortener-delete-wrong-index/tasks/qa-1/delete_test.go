package shortener

import "testing"

func TestDeleteForgetsOnlyThatCode(t *testing.T) {
	s := NewStore()
	first, _ := s.Shorten("https://example.com/1")
	second, _ := s.Shorten("https://example.com/2")
	if err := s.Delete(first); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resolve(first); err != ErrNotFound {
		t.Errorf("Resolve(deleted) err = %v, want ErrNotFound", err)
	}
	if got, err := s.Resolve(second); err != nil || got != "https://example.com/2" {
		t.Errorf("Resolve(second) = %q, %v", got, err)
	}
}

func TestDeleteUnknown(t *testing.T) {
	s := NewStore()
	if err := s.Delete("9"); err != ErrNotFound {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}
