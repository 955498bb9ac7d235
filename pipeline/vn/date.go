package vn

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// ErrNotDate is returned for text that is not a date.
var ErrNotDate = errors.New("không phải là ngày tháng")

// Date is a calendar day, or a year alone when YearOnly is set (a birth year
// typed as "1945" or "00/00/1945").
type Date struct {
	time.Time
	YearOnly bool
}

// excelEpoch is day 0 of the 1900 date system, shifted for Excel's
// fictitious 29 February 1900.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// FromSerial converts an Excel serial day number.
func FromSerial(serial float64) (Date, error) {
	if serial < 1 || serial > 2958465 || math.IsNaN(serial) {
		return Date{}, ErrNotDate
	}
	days := int(math.Floor(serial))
	if days < 60 {
		days++ // serials before 1 March 1900 count the missing 29 February
	}
	return Date{Time: excelEpoch.AddDate(0, 0, days)}, nil
}

// Day returns the date of year, month, day.
func Day(y int, m time.Month, d int) Date {
	return Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate reads a date as clerks type it: "05/03/1945", "5/3/1945",
// "05-03-1945", "05.03.1945", "1945-03-05", an Excel serial number ("16502"),
// or, when yearOK, a year alone ("1945") or a placeholder day
// ("00/00/1945", "01/01/1945") meaning the year only.
func ParseDate(s string, yearOK bool) (Date, error) {
	t := Clean(s)
	if t == "" {
		return Date{}, ErrNotDate
	}
	if n, err := strconv.ParseFloat(t, 64); err == nil && !strings.ContainsAny(t, "/-") {
		if yearOK && n == math.Trunc(n) && n >= 1000 && n <= 2200 {
			return Date{Time: time.Date(int(n), 1, 1, 0, 0, 0, 0, time.UTC), YearOnly: true}, nil
		}
		return FromSerial(n)
	}
	if strings.Count(t, "-") == 2 && len(t) >= 8 && strings.IndexByte(t, '-') == 4 {
		// ISO 8601, as CSV exports and config files write it.
		p := strings.SplitN(t, "-", 3)
		if i := strings.IndexAny(p[2], "T "); i >= 0 {
			p[2] = p[2][:i]
		}
		return makeDate(p[0], p[1], p[2], false)
	}
	for _, sep := range []string{"/", "-", "."} {
		if strings.Count(t, sep) == 2 {
			return parseDMY(t, sep, yearOK)
		}
	}
	return Date{}, ErrNotDate
}

func parseDMY(t, sep string, yearOK bool) (Date, error) {
	p := strings.Split(t, sep)
	if len(p) != 3 {
		return Date{}, ErrNotDate
	}
	if i := strings.IndexByte(p[2], ' '); i >= 0 {
		p[2] = p[2][:i] // "05/03/1945 00:00:00"
	}
	if yearOK && (p[0] == "00" || p[0] == "0") && (p[1] == "00" || p[1] == "0") {
		return makeDate(p[2], "1", "1", true)
	}
	yearOnly := yearOK && strings.TrimLeft(p[0], "0") == "1" && strings.TrimLeft(p[1], "0") == "1"
	return makeDate(p[2], p[1], p[0], yearOnly)
}

func makeDate(ys, ms, ds string, yearOnly bool) (Date, error) {
	y, e1 := strconv.Atoi(ys)
	m, e2 := strconv.Atoi(ms)
	d, e3 := strconv.Atoi(ds)
	if e1 != nil || e2 != nil || e3 != nil || len(ys) != 4 || y < 1000 || m < 1 || m > 12 || d < 1 || d > 31 {
		return Date{}, ErrNotDate
	}
	tm := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if tm.Day() != d {
		return Date{}, ErrNotDate // 31/02
	}
	return Date{Time: tm, YearOnly: yearOnly}, nil
}

// String writes the date as dd/mm/yyyy, or the year alone.
func (d Date) String() string {
	if d.YearOnly {
		return strconv.Itoa(d.Year())
	}
	return d.Format("02/01/2006")
}
