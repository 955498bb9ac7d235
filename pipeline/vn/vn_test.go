package vn

import (
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
