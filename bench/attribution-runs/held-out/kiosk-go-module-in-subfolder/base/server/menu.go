package server

import (
	"errors"
	"sort"
)

type Item struct {
	Code  string
	Name  string
	Cents int
	Stock int
}

type Menu struct {
	items map[string]Item
}

var ErrSoldOut = errors.New("sold out")

func NewMenu(items ...Item) *Menu {
	m := &Menu{items: map[string]Item{}}
	for _, it := range items {
		m.items[it.Code] = it
	}
	return m
}

// Available lists what can still be ordered, cheapest first.
func (m *Menu) Available() []Item {
	var out []Item
	for _, it := range m.items {
		if it.Stock > 0 {
			out = append(out, it)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Cents < out[j].Cents })
	return out
}

func (m *Menu) Take(code string) (Item, error) {
	it, ok := m.items[code]
	if !ok || it.Stock == 0 {
		return Item{}, ErrSoldOut
	}
	it.Stock--
	m.items[code] = it
	return it, nil
}
