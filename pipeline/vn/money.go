package vn

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// MaxMoney is the largest amount of money a register may hold, in đồng:
// a thousand billion, far above any allowance or gift, far below where a
// float64 or an int64 loses digits.
const MaxMoney = 1_000_000_000_000_000

// ErrTooLarge is returned for a number beyond what the field can hold.
var ErrTooLarge = errors.New("quá lớn")

// AmbiguousError is returned for an amount that reads two ways.
type AmbiguousError struct{ Readings []int64 }

func (e *AmbiguousError) Error() string {
	p := NewPrinter()
	var s []string
	for _, r := range e.Readings {
		s = append(s, p.Int(float64(r))+" đồng")
	}
	return "có thể hiểu là " + strings.Join(s, " hoặc ")
}

// NotWholeError is returned for an amount that works out to a fraction of a đồng.
type NotWholeError struct{ Value float64 }

func (e *NotWholeError) Error() string {
	return fmt.Sprintf("ra %s đồng, không tròn đồng", NewPrinter().Number(e.Value, 4))
}

// Words a clerk types after an amount: currency and period. Longest first
// within each list, as each is cut off the end once.
var (
	periodWords   = []string{"/tháng", "/th", "/năm", "/người", "/suất", "/hộ"}
	currencyWords = []string{"vnđ", "vnd", "đồng", "đ.", "đ"}
	// scaleWords multiply: "1,05 triệu", "1,4tr", "500 nghìn".
	scaleWords = []struct {
		word string
		by   int64
	}{{"triệu", 1_000_000}, {"tr.", 1_000_000}, {"tr", 1_000_000}, {"nghìn", 1000}, {"ngàn", 1000}, {"tỷ", 1_000_000_000}, {"tỉ", 1_000_000_000}}
	// timesWords join the factors of a product: "350.000 x 1,5".
	timesWords = []string{"x", "×", "*"}
)

// ParseMoney reads an amount of money in đồng as clerks type it:
// "1.400.000", "1.400.000 đ", "700.000 đồng/tháng", "1,05 triệu", "1,4tr",
// "350.000 x 1,5" (the product) and English grouping "812,000" (in money a
// comma followed by exactly three digits groups thousands; no amount has
// fractions of a đồng). how says how the text was read when that went
// beyond plain digits and grouping, for an info finding; "" otherwise.
// The amount is exact (big.Rat, not float) and checked against MaxMoney
// before it becomes an integer.
func ParseMoney(s string) (v int64, how string, err error) {
	if v, ok := plainMoney(s); ok {
		return v, "", nil
	}
	return parseMoney(s)
}

// plainMoney reads the commonest amount, a number cell's digits
// ("350000"), without the exact arithmetic the forms clerks type need;
// ok is false for anything else. Fifteen digits stay within MaxMoney.
func plainMoney(s string) (v int64, ok bool) {
	if len(s) == 0 || len(s) > 15 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}

// parseMoney reads any amount ParseMoney takes.
func parseMoney(s string) (v int64, how string, err error) {
	t := strings.ToLower(Clean(s))
	if t == "" {
		return 0, "", ErrNotNumber
	}
	t = trimWords(t)
	neg := false
	if t != "" && (t[0] == '-' || t[0] == '+') {
		neg, t = t[0] == '-', strings.TrimSpace(t[1:])
	}
	factors := splitTimes(t)
	total := big.NewRat(1, 1)
	grouped := 0
	scaled := false
	var readings [][2]*big.Rat // per factor: its two readings when a separator is ambiguous
	for _, f := range factors {
		r, alt, g, sc, err := parseFactor(f)
		if err != nil {
			return 0, "", err
		}
		if g {
			grouped++
		}
		scaled = scaled || sc
		readings = append(readings, [2]*big.Rat{r, alt})
		total.Mul(total, r)
	}
	if grouped > 1 && len(factors) > 1 {
		return 0, "", ErrNotNumber // "350.000 x 1.500": which is the amount?
	}
	for i, rd := range readings {
		if rd[1] == nil {
			continue
		}
		// One factor reads two ways: say both, never pick one.
		other := big.NewRat(1, 1)
		for j, o := range readings {
			if j != i {
				other.Mul(other, o[0])
			}
		}
		a, b := new(big.Rat).Mul(other, rd[0]), new(big.Rat).Mul(other, rd[1])
		if a.IsInt() && b.IsInt() && fitsMoney(a) && fitsMoney(b) {
			return 0, "", &AmbiguousError{Readings: []int64{a.Num().Int64(), b.Num().Int64()}}
		}
		return 0, "", ErrNotNumber
	}
	if !fitsMoney(total) {
		return 0, "", ErrTooLarge
	}
	if !total.IsInt() {
		f, _ := total.Float64()
		return 0, "", &NotWholeError{Value: f}
	}
	v = total.Num().Int64()
	if neg {
		v = -v
	}
	switch {
	case len(factors) > 1 || scaled:
		how = fmt.Sprintf("%q được đọc là %s đồng", Clean(s), NewPrinter().Int(float64(v)))
	case strings.Contains(t, ","):
		how = fmt.Sprintf("%q được đọc là %s đồng (dấu phẩy phân cách hàng nghìn)", Clean(s), NewPrinter().Int(float64(v)))
	}
	return v, how, nil
}

func fitsMoney(r *big.Rat) bool {
	return new(big.Rat).Abs(r).Cmp(new(big.Rat).SetInt64(MaxMoney)) <= 0
}

// trimWords cuts the currency and period words off the end: "700.000
// đồng/tháng" → "700.000".
func trimWords(t string) string {
	for changed := true; changed; {
		changed = false
		for _, list := range [][]string{periodWords, currencyWords} {
			for _, w := range list {
				if strings.HasSuffix(t, w) {
					t, changed = strings.TrimSpace(strings.TrimSuffix(t, w)), true
					break
				}
			}
		}
	}
	return t
}

// splitTimes splits a product into its factors; a text without a times
// sign is one factor.
func splitTimes(t string) []string {
	for _, w := range timesWords[1:] {
		t = strings.ReplaceAll(t, w, "x")
	}
	return strings.Split(t, "x")
}

// parseFactor reads one factor: digits with grouping or a decimal
// separator, and an optional scale word. alt is a second reading when the
// factor has one (a separator before exactly three digits, scaled);
// grouped says a thousands separator was read.
func parseFactor(f string) (r, alt *big.Rat, grouped, scaled bool, err error) {
	f = trimWords(strings.TrimSpace(f))
	by := int64(1)
	for _, w := range scaleWords {
		if strings.HasSuffix(f, w.word) {
			f, by, scaled = strings.TrimSpace(strings.TrimSuffix(f, w.word)), w.by, true
			break
		}
	}
	f = strings.ReplaceAll(f, " ", "")
	if f == "" {
		return nil, nil, false, false, ErrNotNumber
	}
	num, altNum, grouped, err := decimalText(f, scaled)
	if err != nil {
		return nil, nil, false, false, err
	}
	r, ok := new(big.Rat).SetString(num)
	if !ok {
		return nil, nil, false, false, ErrNotNumber
	}
	r.Mul(r, new(big.Rat).SetInt64(by))
	if altNum != "" {
		alt, _ = new(big.Rat).SetString(altNum)
		alt.Mul(alt, new(big.Rat).SetInt64(by))
	}
	return r, alt, grouped, scaled, nil
}

// decimalText rewrites a factor as plain decimal text ("1234.5") for
// big.Rat. A lone separator before exactly three digits groups thousands
// ("1.500", "812,000"), except before a scale word, where "1,050 triệu"
// may be either: alt then holds the decimal reading.
func decimalText(f string, scaled bool) (num, alt string, grouped bool, err error) {
	for i := 0; i < len(f); i++ {
		c := f[i]
		if (c < '0' || c > '9') && c != '.' && c != ',' {
			if isSpreadsheetFloat(f) {
				return f, "", false, nil // "1E+30", as a spreadsheet stores a large number
			}
			return "", "", false, ErrNotNumber
		}
	}
	dots, commas := strings.Count(f, "."), strings.Count(f, ",")
	switch {
	case dots == 0 && commas == 0:
		return f, "", false, nil
	case dots+commas == 1:
		i := strings.IndexAny(f, ".,")
		head, tail := f[:i], f[i+1:]
		if head == "" || tail == "" {
			return "", "", false, ErrNotNumber
		}
		if len(tail) == 3 && len(head) <= 3 && head[0] != '0' {
			if scaled {
				return head + tail, head + "." + tail, true, nil
			}
			return head + tail, "", true, nil
		}
		return head + "." + tail, "", false, nil
	case commas == 0 || dots == 0:
		// "1.400.000" or "1,400,000": grouping only
		sep := byte('.')
		if dots == 0 {
			sep = ','
		}
		if !validGroups(f, sep) {
			return "", "", false, ErrNotNumber
		}
		return strings.ReplaceAll(f, string(sep), ""), "", true, nil
	}
	// both: the last one is the decimal separator, the other groups.
	dec := byte(',')
	if strings.LastIndexByte(f, '.') > strings.LastIndexByte(f, ',') {
		dec = '.'
	}
	grp := byte('.' + ',' - dec)
	i := strings.LastIndexByte(f, dec)
	if strings.Count(f, string(dec)) != 1 || !validGroups(f[:i], grp) || i == len(f)-1 {
		return "", "", false, ErrNotNumber
	}
	return strings.ReplaceAll(f[:i], string(grp), "") + "." + f[i+1:], "", true, nil
}

// isSpreadsheetFloat reports whether f is a number as a spreadsheet
// stores it with an exponent: "1.4E+6", "1e30".
func isSpreadsheetFloat(f string) bool {
	m, e, ok := strings.Cut(strings.ToLower(f), "e")
	if !ok || m == "" || e == "" || len(e) > 4 || strings.Contains(m, ",") || strings.Count(m, ".") > 1 {
		return false
	}
	if e[0] == '+' || e[0] == '-' {
		e = e[1:]
	}
	for _, s := range []string{strings.Replace(m, ".", "", 1), e} {
		if s == "" {
			return false
		}
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
	}
	return true
}
