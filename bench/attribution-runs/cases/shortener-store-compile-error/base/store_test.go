package shortener

import "testing"

func TestShortenAndResolve(t *testing.T) {
	s := NewStore()
	code, err := s.Shorten("https://example.com/a/long/path")
	if err != nil {
		t.Fatal(err)
	}
	if code != "1" {
		t.Errorf("first code = %q, want \"1\"", code)
	}
	long, err := s.Resolve(code)
	if err != nil || long != "https://example.com/a/long/path" {
		t.Errorf("Resolve(%q) = %q, %v", code, long, err)
	}
	if s.Hits(code) != 1 {
		t.Errorf("Hits = %d, want 1", s.Hits(code))
	}
}

func TestUnknownCode(t *testing.T) {
	s := NewStore()
	if _, err := s.Resolve("zz"); err != ErrNotFound {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}

func TestRejectsNonHTTP(t *testing.T) {
	s := NewStore()
	for _, u := range []string{"ftp://example.com", "example.com", "https://"} {
		if _, err := s.Shorten(u); err == nil {
			t.Errorf("Shorten(%q) succeeded", u)
		}
	}
}
