// Package money does arithmetic on amounts kept in cents.
package money

import "fmt"

// Cents is an amount of money in the smallest currency unit.
type Cents int64

// Format renders 1205 as "12.05".
func Format(c Cents) string {
	return fmt.Sprintf("%d.%02d", c/100, c%100)
}

// ApplyDiscount takes percent off an amount, rounding toward the customer.
func ApplyDiscount(amount Cents, percent int) Cents {
	return amount - amount*Cents(percent)/100
}

// Sum adds amounts.
func Sum(amounts ...Cents) Cents {
	var total Cents
	for _, a := range amounts {
		total += a
	}
	return total
}
