package vn

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Hộ nghèo", "Hộ nghèo"},
		{"  Hộ\u00a0 nghèo \n", "Hộ nghèo"},
		{"Mã\u200b hộ\ufeff", "Mã hộ"},
		{norm.NFD.String("Cận nghèo"), "Cận nghèo"},
		{"Số nhân\nkhẩu", "Số nhân khẩu"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKey(t *testing.T) {
	same := [][2]string{
		{"Hoà", "Hòa"},
		{"Thuý", "Thúy"},
		{"HỌ VÀ TÊN", "họ và tên"},
		{norm.NFD.String("Cận nghèo"), "cận  nghèo "},
		{"Phân loại\nđầu năm", "Phân loại đầu năm"},
	}
	for _, p := range same {
		if Key(p[0]) != Key(p[1]) {
			t.Errorf("Key(%q) = %q != Key(%q) = %q", p[0], Key(p[0]), p[1], Key(p[1]))
		}
	}
	differ := [][2]string{{"Nghèo", "Cận nghèo"}, {"Ma", "Mã"}, {"Hòa", "Hóa"}}
	for _, p := range differ {
		if Key(p[0]) == Key(p[1]) {
			t.Errorf("Key(%q) == Key(%q), want different", p[0], p[1])
		}
	}
	if Bare("Cận nghèo") != Bare("Can ngheo") || Bare("Đối tượng") != "doi tuong" {
		t.Errorf("Bare: %q %q %q", Bare("Cận nghèo"), Bare("Can ngheo"), Bare("Đối tượng"))
	}
}

func TestClosest(t *testing.T) {
	vals := []string{"Nghèo", "Cận nghèo", "Không"}
	for in, want := range map[string]string{"Nghèo lắm": "Nghèo", "can ngheo.": "Cận nghèo", "khong": "Không"} {
		if got := Closest(in, vals); got != want {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in      string
		grouped bool
		want    float64
		err     bool
	}{
		{"350000", true, 350000, false},
		{"350.000", true, 350000, false},
		{"94.850.000", true, 94850000, false},
		{"1.234.500 đ", true, 1234500, false},
		{"300.000 đồng", true, 300000, false},
		{"525.000VNĐ", true, 525000, false},
		{"2,5", false, 2.5, false},
		{"2.5", false, 2.5, false},
		{"1.500", false, 1.5, false},
		{"1.500", true, 1500, false},
		{"1.234,5", true, 1234.5, false},
		{"1,234,500", true, 1234500, false},
		{"0.125", true, 0.125, false},
		{"-3", true, -3, false},
		{" 1 624 000 ", true, 1624000, false},
		{"", true, 0, true},
		{"abc", true, 0, true},
		{"1.23.4", true, 0, true},
		{"12,3,4", true, 0, true},
		{"1e400", true, 0, true},
		{"đ", true, 0, true},
	}
	for _, tt := range tests {
		got, err := ParseNumber(tt.in, tt.grouped)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseNumber(%q, %v) = %v, %v; want %v, err %v", tt.in, tt.grouped, got, err, tt.want, tt.err)
		}
	}
}

func TestParseInt(t *testing.T) {
	if v, err := ParseInt("3,0"); err != nil || v != 3 {
		t.Errorf("ParseInt(3,0) = %v, %v", v, err)
	}
	if _, err := ParseInt("2,5"); err == nil {
		t.Error("ParseInt(2,5) did not fail")
	}
}

func TestParseDate(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in       string
		yearOK   bool
		want     time.Time
		yearOnly bool
		err      bool
	}{
		{"05/03/1945", false, d(1945, 3, 5), false, false},
		{"5/3/1945", false, d(1945, 3, 5), false, false},
		{"05-03-1945", false, d(1945, 3, 5), false, false},
		{"05.03.1945", false, d(1945, 3, 5), false, false},
		{"1945-03-05", false, d(1945, 3, 5), false, false},
		{"2020-12-31T00:00:00Z", false, d(2020, 12, 31), false, false},
		{"43831", false, d(2020, 1, 1), false, false},
		{"43831.5", false, d(2020, 1, 1), false, false},
		{"59", false, d(1900, 2, 28), false, false},
		{"1", false, d(1900, 1, 1), false, false},
		{"61", false, d(1900, 3, 1), false, false},
		{"1945", true, d(1945, 1, 1), true, false},
		{"00/00/1945", true, d(1945, 1, 1), true, false},
		{"01/01/1945", true, d(1945, 1, 1), true, false},
		{"01/01/1945", false, d(1945, 1, 1), false, false},
		{"31/02/2020", false, time.Time{}, false, true},
		{"00/00/1945", false, time.Time{}, false, true},
		{"hôm qua", false, time.Time{}, false, true},
		{"", false, time.Time{}, false, true},
		{"5/3/45", false, time.Time{}, false, true},
		// a year alone in a date column is the year, not serial day 2020 (1905)
		{"2020", false, d(2020, 1, 1), true, false},
		{"năm 1945", true, d(1945, 1, 1), true, false},
		{"Năm 1945", false, d(1945, 1, 1), true, false},
		{"năm 45", true, time.Time{}, false, true},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, tt.yearOK)
		if (err != nil) != tt.err || !got.Time.Equal(tt.want) || got.YearOnly != tt.yearOnly {
			t.Errorf("ParseDate(%q, %v) = %v (year only %v), %v; want %v (%v), err %v", tt.in, tt.yearOK, got.Time, got.YearOnly, err, tt.want, tt.yearOnly, tt.err)
		}
	}
}

func TestFormat(t *testing.T) {
	p := NewPrinter()
	tests := []struct{ got, want string }{
		{p.Int(94850000), "94.850.000"},
		{p.Int(0), "0"},
		{p.Decimal(2.5, 1), "2,5"},
		{p.Number(0.154, 2), "0,15"},
		{p.Number(100, 2), "100"},
		{p.Coefficient(2), "2,0"},
		{LongDate(time.Date(2021, 1, 5, 0, 0, 0, 0, time.UTC)), "ngày 05 tháng 01 năm 2021"},
		{LongDate(time.Date(2021, 3, 15, 0, 0, 0, 0, time.UTC)), "ngày 15 tháng 3 năm 2021"},
		{LongDate(time.Date(2021, 12, 25, 0, 0, 0, 0, time.UTC)), "ngày 25 tháng 12 năm 2021"},
		{Day(2020, 3, 5).String(), "05/03/2020"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestCollator(t *testing.T) {
	c := NewCollator()
	if c.Compare("Tổ 2", "Tổ 10") >= 0 || c.Compare("Đặng", "Dương") <= 0 {
		t.Error("collation order is not Vietnamese with numbers by value")
	}
}

// TestParseDatePrecision: month/year dates and years the clerk marked
// uncertain are read, and say so.
func TestParseDatePrecision(t *testing.T) {
	d := func(y, m int) time.Time { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in                  string
		want                time.Time
		month, year, approx bool
		str                 string
	}{
		{"3/2020", d(2020, 3), true, false, false, "03/2020"},
		{"03/2020", d(2020, 3), true, false, false, "03/2020"},
		{"3-2020", d(2020, 3), true, false, false, "03/2020"},
		{"T3/2020", d(2020, 3), true, false, false, "03/2020"},
		{"t12/2020", d(2020, 12), true, false, false, "12/2020"},
		{"tháng 3/2020", d(2020, 3), true, false, false, "03/2020"},
		{"Tháng 3 năm 2020", d(2020, 3), true, false, false, "03/2020"},
		{"khoảng 1945", d(1945, 1), false, true, true, "1945"},
		{"khoảng năm 1945", d(1945, 1), false, true, true, "1945"},
		{"1945 (?)", d(1945, 1), false, true, true, "1945"},
		{"1945?", d(1945, 1), false, true, true, "1945"},
		{"năm 1945", d(1945, 1), false, true, false, "1945"},
	}
	for _, tt := range tests {
		for _, yearOK := range []bool{true, false} {
			got, err := ParseDate(tt.in, yearOK)
			if err != nil || !got.Time.Equal(tt.want) || got.MonthOnly != tt.month || got.YearOnly != tt.year || got.Approx != tt.approx || got.String() != tt.str {
				t.Errorf("ParseDate(%q, %v) = %+v %q, %v; want %v month %v year %v approx %v", tt.in, yearOK, got, got.String(), err, tt.want, tt.month, tt.year, tt.approx)
			}
		}
	}
	for _, bad := range []string{"13/2020", "0/2020", "3/20", "T13/2020", "tháng/2020", "1945-03"} {
		if got, err := ParseDate(bad, true); err == nil {
			t.Errorf("ParseDate(%q) = %+v, want an error", bad, got)
		}
	}
}

// TestParseMoney: money as clerks type it, exact, range-checked before it
// becomes an integer, and ambiguous forms refused with both readings.
func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		how  bool // read beyond plain digits: an info finding
		err  string
	}{
		{"1.400.000", 1400000, false, ""},
		{"1400000", 1400000, false, ""},
		{"1.400.000 đ", 1400000, false, ""},
		{"1.400.000đ", 1400000, false, ""},
		{"1.400.000 VNĐ", 1400000, false, ""},
		{"700.000 đồng/tháng", 700000, false, ""},
		{"700.000đ/tháng", 700000, false, ""},
		{"1,05 triệu", 1050000, true, ""},
		{"1,4tr", 1400000, true, ""},
		{"1,4 tr.", 1400000, true, ""},
		{"500 nghìn", 500000, true, ""},
		{"350.000 x 1,5", 525000, true, ""},
		{"350.000x1,5", 525000, true, ""},
		{"1,5 × 350.000 đ", 525000, true, ""},
		{"812,000", 812000, true, ""},
		{"1,234,500", 1234500, true, ""},
		{"1.500", 1500, false, ""},
		{"-350.000", -350000, false, ""},
		{"2,5", 0, false, "không tròn đồng"},
		{"350.000 x 1,333", 0, false, "không phải là số"},
		{"1,050 triệu", 0, false, "có thể hiểu là 1.050.000.000 đồng hoặc 1.050.000 đồng"},
		{"1e30", 0, false, "quá lớn"},
		{"9.22e18", 0, false, "quá lớn"},
		{"-9.22e18", 0, false, "quá lớn"},
		{"1E+6", 1000000, false, ""},
		{"99999999999999999999999999999", 0, false, "quá lớn"},
		{"1e999", 0, false, "quá lớn"},
		{"abc", 0, false, "không phải là số"},
		{"", 0, false, "không phải là số"},
		{"x", 0, false, "không phải là số"},
		{"đ", 0, false, "không phải là số"},
	}
	for _, tt := range tests {
		v, how, err := ParseMoney(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseMoney(%q) = %d, %v; want error %q", tt.in, v, err, tt.err)
			}
			continue
		}
		if err != nil || v != tt.want || (how != "") != tt.how {
			t.Errorf("ParseMoney(%q) = %d, %q, %v; want %d (note %v)", tt.in, v, how, err, tt.want, tt.how)
		}
	}
}

func TestParseIntTooLarge(t *testing.T) {
	for _, s := range []string{"1e30", "9.22e18", "99999999999999999999"} {
		if _, err := ParseInt(s); err != ErrTooLarge {
			t.Errorf("ParseInt(%q) error = %v, want %v", s, err, ErrTooLarge)
		}
	}
}

// TestKeyIgnorable: keys that differ only by default-ignorable code
// points are one key, whichever of the set it is.
func TestKeyIgnorable(t *testing.T) {
	for _, r := range []rune{0x200E, 0x200F, 0x2066, 0x2067, 0x2068, 0x2069, 0x034F, 0xFEFF, 0x180E, 0x115F, 0x1160,
		0xFE0F, 0xE0100, 0xE0001, 0xE0041, 0xE0FFF, 0x00AD, 0x200B, 0x202E, 0x2060, 0x1D173, 0x3164, 0xFFA0} {
		in := "HN" + string(r) + "-001" + string(r)
		if Key(in) != Key("HN-001") || Clean(in) != "HN-001" {
			t.Errorf("U+%04X: Key(%q) = %q, Clean = %q; want HN-001", r, in, Key(in), Clean(in))
		}
	}
	// visible format characters are not ignorable
	for _, r := range []rune{0x0600, 0x06DD, 0xFFF9, ' ', 'a', 0x0301} {
		if IsIgnorable(r) {
			t.Errorf("IsIgnorable(U+%04X) = true", r)
		}
	}
}

// TestPlainMoney holds the fast reading of plain digits to the general one.
func TestPlainMoney(t *testing.T) {
	for _, in := range []string{"0", "7", "350000", "0350000", "000", "999999999999999", "1000000000000000", "1000000000000001",
		"12345678901234567890", "", "350.000", "350000 ", " 350000", "-350000", "+5", "3e5", "１２", "350000đ"} {
		v, how, err := ParseMoney(in)
		wv, whow, werr := parseMoney(in)
		if v != wv || how != whow || fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Errorf("ParseMoney(%q) = %d, %q, %v; the general reading gives %d, %q, %v", in, v, how, err, wv, whow, werr)
		}
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1.400.000 đ", "1,05 triệu", "350.000 x 1,5", "812,000", "1e30", "1,050 triệu", "700.000 đồng/tháng"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, how, err := ParseMoney(s)
		if err == nil && (v > MaxMoney || v < -MaxMoney) {
			t.Fatalf("ParseMoney(%q) = %d, beyond MaxMoney", s, v)
		}
		if wv, whow, werr := parseMoney(s); v != wv || how != whow || fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Fatalf("ParseMoney(%q) = %d, %q, %v; the general reading gives %d, %q, %v", s, v, how, err, wv, whow, werr)
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"94.850.000", "2,5", "1.234,5 đ", "-3", "1,234,500.5", "1e5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, g := range []bool{true, false} {
			v, err := ParseNumber(s, g)
			if err == nil && v != v {
				t.Fatalf("ParseNumber(%q) = NaN", s)
			}
		}
		ParseInt(s)
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"05/03/1945", "1945", "00/00/1945", "43831", "2020-12-31", "5.3.1945"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, y := range []bool{true, false} {
			d, err := ParseDate(s, y)
			if err == nil && (d.Year() < 1 || d.Year() > 9999) {
				t.Fatalf("ParseDate(%q) = %v", s, d)
			}
		}
	})
}

func FuzzKey(f *testing.F) {
	for _, s := range []string{"Hoà", "Phân loại\nđầu năm", "\u200bMã"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		if Key(k) != k {
			t.Fatalf("Key is not idempotent on %q: %q then %q", s, k, Key(k))
		}
		Bare(s)
		Clean(s)
	})
}

func BenchmarkParseNumber(b *testing.B) {
	for b.Loop() {
		ParseNumber("1.234.500 đ", true)
	}
}

func BenchmarkKey(b *testing.B) {
	for b.Loop() {
		Key("Phân loại hộ đầu năm")
	}
}
