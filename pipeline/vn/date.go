package vn

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ErrNotDate is returned for text that is not a date.
var ErrNotDate = errors.New("không phải là ngày tháng")

// Date is a calendar day, or a year alone when YearOnly is set (a birth year
// typed as "1945" or "00/00/1945"), or a month when MonthOnly is set
// ("3/2020": the first of the month). Approx says the clerk marked it
// uncertain ("khoảng 1945", "1945 (?)").
type Date struct {
	time.Time
	YearOnly  bool
	MonthOnly bool
	Approx    bool
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
//
// Beyond the contract, and marked so the reader can say so: a year alone in
// any date column ("2020" is the year, not serial day 2020 of 1905, which no
// register holds), a year in words ("năm 1945", "khoảng 1945", "1945 (?)",
// the last two Approx), and a month ("3/2020", "03/2020", "3-2020",
// "T3/2020", "tháng 3/2020", "tháng 3 năm 2020": MonthOnly, the first day).
func ParseDate(s string, yearOK bool) (Date, error) {
	t := Clean(s)
	if t == "" {
		return Date{}, ErrNotDate
	}
	if d, ok := yearWords(t); ok {
		return d, nil
	}
	if n, err := strconv.ParseFloat(t, 64); err == nil && !strings.ContainsAny(t, "/-") {
		if n == math.Trunc(n) && n >= 1000 && n <= 2200 {
			return yearDate(int(n)), nil
		}
		return FromSerial(n)
	}
	if d, ok := monthDate(t); ok {
		return d, nil
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

func yearDate(y int) Date {
	return Date{Time: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), YearOnly: true}
}

// yearWords reads "năm 1945", "khoảng 1945", "khoảng năm 1945", "1945 (?)",
// "1945?".
func yearWords(t string) (Date, bool) {
	t = strings.ToLower(t)
	approx := false
	for _, w := range []string{"khoảng", "ước", "~"} {
		if r, ok := strings.CutPrefix(t, w); ok {
			t, approx = strings.TrimSpace(r), true
		}
	}
	t = strings.TrimSpace(strings.TrimPrefix(t, "năm"))
	for _, w := range []string{"(?)", "?"} {
		if r, ok := strings.CutSuffix(t, w); ok {
			t, approx = strings.TrimSpace(r), true
		}
	}
	if len(t) != 4 || !allDigits(t) {
		return Date{}, false
	}
	y, _ := strconv.Atoi(t)
	if y < 1000 || y > 2200 {
		return Date{}, false
	}
	d := yearDate(y)
	d.Approx = approx
	return d, true
}

// monthDate reads a month and a year: "3/2020", "03-2020", "T3/2020",
// "tháng 3/2020", "tháng 3 năm 2020".
func monthDate(t string) (Date, bool) {
	t = strings.ToLower(t)
	if r, ok := strings.CutPrefix(t, "tháng"); ok {
		t = strings.TrimSpace(r)
	} else if len(t) > 1 && t[0] == 't' && t[1] >= '0' && t[1] <= '9' {
		t = t[1:]
	}
	var m, y string
	if a, b, ok := strings.Cut(t, " năm "); ok {
		m, y = a, b
	} else {
		i := strings.IndexAny(t, "/-.")
		if i < 0 || strings.ContainsAny(t[i+1:], "/-.") {
			return Date{}, false
		}
		m, y = t[:i], t[i+1:]
	}
	m, y = strings.TrimSpace(m), strings.TrimSpace(y)
	if len(m) < 1 || len(m) > 2 || !allDigits(m) || len(y) != 4 || !allDigits(y) {
		return Date{}, false
	}
	mo, _ := strconv.Atoi(m)
	yr, _ := strconv.Atoi(y)
	if mo < 1 || mo > 12 || yr < 1000 {
		return Date{}, false
	}
	return Date{Time: time.Date(yr, time.Month(mo), 1, 0, 0, 0, 0, time.UTC), MonthOnly: true}, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
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
	if e1 != nil || e2 != nil || e3 != nil || len(ys) != 4 || y < 1000 {
		return Date{}, ErrNotDate
	}
	tm := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || tm.Day() != d {
		return Date{}, &NoSuchDayError{Year: y, Month: m, Day: d} // 31/02
	}
	return Date{Time: tm, YearOnly: yearOnly}, nil
}

// NoSuchDayError is a date written in full whose day or month does not
// exist: 31/02/2020, 12/13/2020. It says why, in the clerk's words.
type NoSuchDayError struct{ Year, Month, Day int }

func (e *NoSuchDayError) Error() string {
	switch {
	case e.Month < 1 || e.Month > 12:
		return fmt.Sprintf("không có tháng %d, một năm chỉ có 12 tháng", e.Month)
	case e.Day < 1:
		return fmt.Sprintf("không có ngày %d", e.Day)
	}
	return fmt.Sprintf("tháng %d năm %d chỉ có %d ngày", e.Month, e.Year, e.days())
}

func (e *NoSuchDayError) days() int {
	return time.Date(e.Year, time.Month(e.Month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String writes the date as dd/mm/yyyy, or the year alone.
func (d Date) String() string {
	if d.YearOnly {
		return strconv.Itoa(d.Year())
	}
	if d.MonthOnly {
		return d.Format("01/2006")
	}
	return d.Format("02/01/2006")
}
