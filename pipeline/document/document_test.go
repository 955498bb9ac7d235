package document

import (
	"reflect"
	"testing"
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
