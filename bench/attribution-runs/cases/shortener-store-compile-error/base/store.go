package shortener

import (
	"errors"
	"net/url"
	"sync"
)

// ErrNotFound is returned for codes that were never issued.
var ErrNotFound = errors.New("not found")

// Store keeps long URLs by id.
type Store struct {
	mu   sync.Mutex
	urls []string
	hits map[uint64]int
}

func NewStore() *Store {
	return &Store{hits: map[uint64]int{}}
}

// Shorten stores a URL and returns its code.
func (s *Store) Shorten(long string) (string, error) {
	u, err := url.Parse(long)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", errors.New("not an http(s) URL")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.urls = append(s.urls, long)
	return Encode(uint64(len(s.urls))), nil
}

// Resolve returns the long URL of a code and counts the hit.
func (s *Store) Resolve(code string) (string, error) {
	id, err := Decode(code)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if id == 0 || id > uint64(len(s.urls)) {
		return "", ErrNotFound
	}
	s.hits[id]++
	return s.urls[id-1], nil
}

// Hits is how often a code was resolved.
func (s *Store) Hits(code string) int {
	id, err := Decode(code)
	if err != nil {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[id]
}
