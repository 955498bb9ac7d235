package vn

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Printer formats numbers the Vietnamese way: 94.850.000 and 2,5. A Printer
// is safe for one goroutine.
type Printer struct{ p *message.Printer }

// NewPrinter returns a Vietnamese number printer.
func NewPrinter() Printer { return Printer{message.NewPrinter(language.Vietnamese)} }

// Int writes a whole number with dot grouping: 94.850.000.
func (p Printer) Int(v float64) string {
	return p.p.Sprint(number.Decimal(math.Round(v), number.MaxFractionDigits(0)))
}

// Decimal writes v with exactly places decimals: Decimal(2.5, 1) = "2,5".
func (p Printer) Decimal(v float64, places int) string {
	return p.p.Sprint(number.Decimal(v, number.Scale(places)))
}

// Number writes v with at most places decimals, none when it is whole:
// Number(100, 2) = "100", Number(0.154, 2) = "0,15".
func (p Printer) Number(v float64, places int) string {
	return p.p.Sprint(number.Decimal(v, number.MaxFractionDigits(places)))
}

// Coefficient writes a coefficient with one or two decimals: 1,0 and 2,25.
func (p Printer) Coefficient(v float64) string {
	return p.p.Sprint(number.Decimal(v, number.MinFractionDigits(1), number.MaxFractionDigits(2)))
}

// LongDate writes "ngày 15 tháng 01 năm 2021" as Nghị định 30/2020 asks:
// days below 10 and the months January and February with a leading zero.
func LongDate(t time.Time) string {
	m := strconv.Itoa(int(t.Month()))
	if t.Month() <= time.February {
		m = fmt.Sprintf("%02d", int(t.Month()))
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), m, t.Year())
}
