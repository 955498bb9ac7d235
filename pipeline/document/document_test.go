package document

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	src := "Mở đầu một\ndòng hai\n\n# I. KẾT QUẢ\n## 1. Người có công\n### a) Quà\nĐoạn   có\u00a0khoảng trắng\n\n\n"
	want := []Block{
		{Paragraph, "Mở đầu một dòng hai"},
		{Heading1, "I. KẾT QUẢ"},
		{Heading2, "1. Người có công"},
		{Heading3, "a) Quà"},
		{Paragraph, "Đoạn có khoảng trắng"},
	}
	if got := Parse(src); !reflect.DeepEqual(got, want) {
		t.Errorf("Parse = %#v\nwant %#v", got, want)
	}
}

func TestNumberLine(t *testing.T) {
	tests := []struct{ n, want string }{
		{"", "Số:       /BC-UBND"},
		{"7", "Số: 07/BC-UBND"},
		{"12", "Số: 12/BC-UBND"},
		{"125a", "Số: 125a/BC-UBND"},
	}
	for _, tt := range tests {
		if got := numberLine(tt.n, "BC-UBND"); got != tt.want {
			t.Errorf("numberLine(%q) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestBalance(t *testing.T) {
	width := func(s string) float64 { return float64(utf8.RuneCountInString(s)) }
	for _, c := range []struct {
		s    string
		max  float64
		want []string
	}{
		{"Kết quả thực hiện công tác an sinh xã hội năm 2020 và phương hướng, nhiệm vụ năm 2021", 62,
			[]string{"Kết quả thực hiện công tác an sinh xã hội năm 2020", "và phương hướng, nhiệm vụ năm 2021"}},
		{"Ngắn gọn", 62, []string{"Ngắn gọn"}},
		{"một hai ba bốn năm sáu bảy tám", 16, []string{"một hai ba bốn", "năm sáu bảy tám"}}, // no phrase break: between words
		{"Báo cáo công tác năm 2020, phương hướng năm 2021 của phường", 30,
			[]string{"Báo cáo công tác năm 2020,", "phương hướng năm 2021", "của phường"}},
	} {
		got := Balance(c.s, c.max, width)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Balance(%q, %v) = %q, want %q", c.s, c.max, got, c.want)
		}
	}
}
