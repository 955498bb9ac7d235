package vn

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// ErrNotNumber is returned for text that is not a number.
var ErrNotNumber = errors.New("không phải là số")

// currency words a clerk may type after an amount, longest first.
var currencySuffixes = []string{"vnđ", "vnd", "đồng", "đ/tháng", "đ", "đ."}

// ParseNumber reads a number as a Vietnamese clerk types it or as a
// spreadsheet stores it: "94.850.000", "1.234.500 đ", "350000", "2,5",
// "1.234,5", "2.5", "-3". With grouped set, a lone dot followed by exactly
// three digits ("1.500") is a thousands separator, as it is in money and
// counts; otherwise a lone dot is a decimal point, as a spreadsheet writes it.
func ParseNumber(s string, grouped bool) (float64, error) {
	t := strings.ToLower(Clean(s))
	for _, suf := range currencySuffixes {
		if strings.HasSuffix(t, suf) {
			t = strings.TrimSpace(strings.TrimSuffix(t, suf))
			break
		}
	}
	t = strings.ReplaceAll(t, " ", "")
	if t == "" {
		return 0, ErrNotNumber
	}
	neg := false
	switch t[0] {
	case '-':
		neg, t = true, t[1:]
	case '+':
		t = t[1:]
	}
	if t == "" {
		return 0, ErrNotNumber
	}
	var digits strings.Builder
	dots, commas := strings.Count(t, "."), strings.Count(t, ",")
	switch {
	case dots == 0 && commas == 0:
		digits.WriteString(t)
	case commas == 1 && dots == 0:
		// "2,5": Vietnamese decimal comma.
		digits.WriteString(strings.Replace(t, ",", ".", 1))
	case commas == 1 && dots >= 1:
		// "1.234,5": dots group, the comma is decimal.
		i := strings.IndexByte(t, ',')
		if !validGroups(t[:i], '.') {
			return 0, ErrNotNumber
		}
		digits.WriteString(strings.ReplaceAll(t[:i], ".", ""))
		digits.WriteByte('.')
		digits.WriteString(t[i+1:])
	case dots == 1 && commas == 0:
		i := strings.IndexByte(t, '.')
		if grouped && len(t)-i-1 == 3 && i > 0 && i <= 3 && t[0] != '0' {
			digits.WriteString(t[:i] + t[i+1:])
		} else {
			digits.WriteString(t)
		}
	case dots > 1 && commas == 0:
		if !validGroups(t, '.') {
			return 0, ErrNotNumber
		}
		digits.WriteString(strings.ReplaceAll(t, ".", ""))
	case commas > 1 && dots <= 1:
		// "1,234,500" or "1,234,500.5": English grouping from a foreign template.
		i := strings.IndexByte(t, '.')
		intPart := t
		if i >= 0 {
			intPart = t[:i]
		}
		if !validGroups(intPart, ',') {
			return 0, ErrNotNumber
		}
		digits.WriteString(strings.ReplaceAll(t, ",", ""))
	default:
		return 0, ErrNotNumber
	}
	d := digits.String()
	for i := 0; i < len(d); i++ {
		c := d[i]
		if (c < '0' || c > '9') && c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+' {
			return 0, ErrNotNumber
		}
	}
	v, err := strconv.ParseFloat(d, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, ErrNotNumber
	}
	if neg {
		v = -v
	}
	return v, nil
}

// validGroups reports whether s is digits grouped by sep in threes after a
// first group of one to three digits.
func validGroups(s string, sep byte) bool {
	parts := strings.Split(s, string(sep))
	for i, p := range parts {
		if p == "" || len(p) > 3 || (i > 0 && len(p) != 3) {
			return false
		}
		for j := 0; j < len(p); j++ {
			if p[j] < '0' || p[j] > '9' {
				return false
			}
		}
	}
	return true
}

// ParseInt reads a whole number; "2,5" is an error, "3,0" is 3.
func ParseInt(s string) (int, error) {
	v, err := ParseNumber(s, true)
	if err != nil {
		return 0, err
	}
	if math.Abs(v) > 1<<53 {
		return 0, ErrTooLarge // checked before int(v), which would wrap
	}
	if v != math.Trunc(v) {
		return 0, errors.New("không phải là số nguyên")
	}
	return int(v), nil
}
