package read

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/vn"
)

// TestConvertValues: values as clerks type them are read right, say how
// they were read, and what cannot be read says so in Vietnamese, naming
// the value and what to type.
func TestConvertValues(t *testing.T) {
	money := &config.Field{Key: "tien", Header: "Mức trợ cấp", Type: config.Money}
	count := &config.Field{Key: "so", Header: "Số nhân khẩu", Type: config.Integer}
	date := &config.Field{Key: "ngay", Header: "Ngày hưởng", Type: config.Date}
	year := &config.Field{Key: "nam", Header: "Năm sinh", Type: config.YearOrDate}
	code := &config.Field{Key: "the", Header: "Mã thẻ BHYT", Type: config.Text, Pattern: `^([A-Z]{2}[1-5][0-9]{12}|[0-9]{10})$`}
	tests := []struct {
		f     *config.Field
		in    string
		want  any // nil: not read
		level finding.Level
		msg   []string // the finding's message and hint contain these; none: no finding
	}{
		{money, "1.400.000", 1400000, 0, nil},
		{money, "1.400.000 đ", 1400000, 0, nil},
		{money, "700.000 đồng/tháng", 700000, 0, nil},
		{money, "812,000", 812000, finding.Info, []string{"812.000 đồng"}},
		{money, "1,05 triệu", 1050000, finding.Info, []string{"1.050.000"}},
		{money, "1,4tr", 1400000, finding.Info, []string{"1.400.000"}},
		{money, "350.000 x 1,5", 525000, finding.Info, []string{"525.000"}},
		{money, "1,050 triệu", nil, finding.Error, []string{"không rõ số tiền", "1.050.000.000", "gõ số tiền đầy đủ"}},
		{money, "1e30", nil, finding.Error, []string{`"1e30" quá lớn`}},
		{money, "9.22e18", nil, finding.Error, []string{"quá lớn"}},
		{money, "123456789012345678901234567890", nil, finding.Error, []string{"quá lớn"}},
		{money, "2,5", nil, finding.Error, []string{"không tròn đồng", "gõ số tiền"}},
		{money, "hai triệu", nil, finding.Error, []string{"không phải là số tiền", "350.000"}},
		{count, "1e30", nil, finding.Error, []string{"quá lớn"}},
		{date, "2020", vn.Date{Time: vn.Day(2020, 1, 1).Time, YearOnly: true}, finding.Info, []string{"năm 2020", "gõ đủ ngày/tháng/năm"}},
		{date, "3/2020", vn.Date{Time: vn.Day(2020, 3, 1).Time, MonthOnly: true}, finding.Info, []string{"01/03/2020", "gõ đủ"}},
		{date, "T3/2020", vn.Date{Time: vn.Day(2020, 3, 1).Time, MonthOnly: true}, finding.Info, []string{"01/03/2020"}},
		{date, "tháng 3/2020", vn.Date{Time: vn.Day(2020, 3, 1).Time, MonthOnly: true}, finding.Info, []string{"01/03/2020"}},
		{date, "05/03/2020", vn.Day(2020, 3, 5), 0, nil},
		{year, "1945", vn.Date{Time: vn.Day(1945, 1, 1).Time, YearOnly: true}, 0, nil},
		{year, "năm 1945", vn.Date{Time: vn.Day(1945, 1, 1).Time, YearOnly: true}, finding.Info, []string{"năm 1945"}},
		{year, "khoảng 1945", vn.Date{Time: vn.Day(1945, 1, 1).Time, YearOnly: true, Approx: true}, finding.Warning, []string{"không chắc chắn", "1945"}},
		{year, "1945 (?)", vn.Date{Time: vn.Day(1945, 1, 1).Time, YearOnly: true, Approx: true}, finding.Warning, []string{"không chắc chắn"}},
		{code, "CC 1 01 0123456789", "CC1010123456789", finding.Info, []string{`"CC1010123456789"`, "bỏ dấu cách"}},
		{code, "CC1010123456789", "CC1010123456789", 0, nil},
		{code, "CC 1 01", "CC 1 01", 0, nil}, // no match either way: the pattern check reports it
	}
	for _, tt := range tests {
		reg := &config.Register{Fields: []*config.Field{tt.f}}
		col := columns(reg)[0]
		got, fnd := col.convert(tt.in, vn.Key)
		// read again, the column remembering what it read: the same
		if again, fnd2 := col.convert(tt.in, vn.Key); again != got || !reflect.DeepEqual(fnd, fnd2) {
			t.Errorf("%s %q read again = %#v %+v, first %#v %+v", tt.f.Type, tt.in, again, fnd2, got, fnd)
		}
		if got != tt.want {
			t.Errorf("%s %q = %#v, want %#v", tt.f.Type, tt.in, got, tt.want)
		}
		if (fnd != nil) != (tt.msg != nil) {
			t.Errorf("%s %q: finding %+v, want one: %v", tt.f.Type, tt.in, fnd, tt.msg != nil)
			continue
		}
		if fnd == nil {
			continue
		}
		if fnd.Level != tt.level {
			t.Errorf("%s %q: level %v, want %v (%s)", tt.f.Type, tt.in, fnd.Level, tt.level, fnd.Message)
		}
		text := fnd.Message + " — " + fnd.Hint
		for _, m := range tt.msg {
			if !strings.Contains(text, m) {
				t.Errorf("%s %q: %q does not say %q", tt.f.Type, tt.in, text, m)
			}
		}
		if strings.Contains(text, "nhỏ hơn") || strings.Contains(text, "-9223372036854775808") || fnd.Hint == "" {
			t.Errorf("%s %q: %q", tt.f.Type, tt.in, text)
		}
	}
}

// TestSpecificHints: an impossible date says why; the "có dấu" warning is
// only for a value typed without marks, never for a misspelt one typed
// with them; a rule is said in words.
func TestSpecificHints(t *testing.T) {
	date := &config.Field{Key: "ngay", Header: "Ngày hưởng", Type: config.Date}
	enum := &config.Field{Key: "dien", Header: "Diện", Type: config.Enum, Values: []string{"Lương hưu", "Cận nghèo"}}
	tests := []struct {
		f         *config.Field
		in        string
		code      string
		msg, rule string
	}{
		{date, "31/02/2020", finding.TypeError, "tháng 2 năm 2020 chỉ có 29 ngày", "phải là ngày tháng có thật (ngày/tháng/năm)"},
		{date, "31/04/2021", finding.TypeError, "tháng 4 năm 2021 chỉ có 30 ngày", ""},
		{date, "12/13/2020", finding.TypeError, "không có tháng 13", ""},
		{enum, "lương hưư", finding.Constraint, `có phải là "Lương hưu"?`, "phải là một trong: Lương hưu; Cận nghèo"},
		{enum, "luong huu", finding.EnumFolded, `"luong huu" được hiểu là "Lương hưu"`, ""},
		{enum, "Can ngheo", finding.EnumFolded, `được hiểu là "Cận nghèo"`, ""},
		{enum, "cận ngheo", finding.EnumFolded, `được hiểu là "Cận nghèo"`, ""},
		{enum, "cân nghèo", finding.Constraint, "không có trong danh mục", ""},
	}
	for _, tt := range tests {
		col := columns(&config.Register{Fields: []*config.Field{tt.f}})[0]
		_, fnd := col.convert(tt.in, vn.Key)
		if fnd == nil {
			t.Errorf("%q: no finding", tt.in)
			continue
		}
		if got := fnd.Message + " — " + fnd.Hint; fnd.Code != tt.code || !strings.Contains(got, tt.msg) {
			t.Errorf("%q: %s %q, want %s with %q", tt.in, fnd.Code, got, tt.code, tt.msg)
		}
		if tt.rule != "" && fnd.Rule != tt.rule {
			t.Errorf("%q: rule %q, want %q", tt.in, fnd.Rule, tt.rule)
		}
	}
}

// BenchmarkConvert types dates that repeat (dates of a decision) and
// dates that seldom do (dates of birth), as a column does row after row.
func BenchmarkConvert(b *testing.B) {
	for _, distinct := range []int{2000, 36000} {
		b.Run(strconv.Itoa(distinct), func(b *testing.B) {
			col := columns(&config.Register{Fields: []*config.Field{{Key: "d", Header: "D", Type: config.Date}}})[0]
			var vals []string
			for i := range 20000 {
				vals = append(vals, strconv.Itoa(9000+(i*7919)%distinct))
			}
			i := 0
			for b.Loop() {
				col.convert(vals[i%len(vals)], vn.Key)
				i++
			}
		})
	}
}
