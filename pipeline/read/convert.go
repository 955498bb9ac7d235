package read

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/vn"
)

// formulaErrors are the values a spreadsheet shows for a broken formula.
var formulaErrors = []string{"#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}

// column is what typing one field's cells needs beyond the field itself,
// made once per sheet. What applies to a whole file (a workbook's date
// system, say) belongs here too.
type column struct {
	f       *config.Field
	enum    map[string]string // an enum field's allowed values by Key and by "~"+Bare form
	pattern *regexp.Regexp    // a text field's pattern, to mend codes typed with spaces
}

// columns makes the column of each of reg's fields.
func columns(reg *config.Register) []column {
	cols := make([]column, len(reg.Fields))
	for i, f := range reg.Fields {
		cols[i].f = f
		if f.Pattern != "" {
			cols[i].pattern, _ = regexp.Compile(f.Pattern) // checked by config; nil only skips the mending
		}
		if f.Type != config.Enum {
			continue
		}
		m := map[string]string{}
		for _, v := range f.Values {
			m[vn.Key(v)] = v
		}
		for _, v := range f.Values {
			if _, ok := m["~"+vn.Bare(v)]; !ok {
				m["~"+vn.Bare(v)] = v
			}
		}
		cols[i].enum = m
	}
	return cols
}

// convert types one cell, given as vn.Clean left it. A blank cell is nil,
// or the field's default. The finding, when there is one, is an error
// (the value did not read: nil), or a warning or info saying how a value
// was read beyond the contract (the value is returned).
func (col *column) convert(s string, key func(string) string) (any, *finding.Finding) {
	f, enum := col.f, col.enum
	if s == "" {
		if f.Default != nil {
			return number(f.Type, *f.Default), nil
		}
		return nil, nil
	}
	for _, e := range formulaErrors {
		if s == e {
			return nil, &finding.Finding{Code: finding.TypeError, Level: finding.Error,
				Message: fmt.Sprintf("ô %q có công thức bị lỗi (%s)", f.Header, s),
				Hint:    "sửa công thức hoặc gõ giá trị trực tiếp vào ô"}
		}
	}
	typeErr := func(what, hint string) (any, *finding.Finding) {
		return nil, &finding.Finding{Code: finding.TypeError, Level: finding.Error, Rule: "type: " + f.Type,
			Message: fmt.Sprintf("cột %q: %q không phải là %s", f.Header, s, what), Hint: hint}
	}
	switch f.Type {
	case config.Text:
		return col.text(s)
	case config.Enum:
		if v, ok := enum[key(s)]; ok {
			return v, nil
		}
		if v, ok := enum["~"+vn.Bare(s)]; ok {
			return v, &finding.Finding{Code: finding.EnumFolded, Level: finding.Warning, Rule: "values",
				Message: fmt.Sprintf("cột %q: %q được hiểu là %q", f.Header, s, v),
				Hint:    fmt.Sprintf("gõ đúng %q, có dấu", v)}
		}
		return nil, &finding.Finding{Code: finding.Constraint, Level: finding.Error, Rule: "values",
			Message: fmt.Sprintf("cột %q: %q không phải là giá trị được phép", f.Header, s),
			Hint:    fmt.Sprintf("có phải là %q? Giá trị được phép: %s", vn.Closest(s, f.Values), strings.Join(f.Values, "; "))}
	case config.Integer:
		v, err := vn.ParseInt(s)
		if err == vn.ErrTooLarge {
			return tooLarge(f, s, "gõ đúng số, ví dụ 3")
		}
		if err != nil {
			return typeErr("số nguyên", "gõ một số nguyên, ví dụ 3")
		}
		return v, nil
	case config.Money:
		return money(f, s, typeErr)
	case config.Decimal:
		v, err := vn.ParseNumber(s, false)
		if err != nil {
			return typeErr("số", "gõ một số, phần thập phân sau dấu phẩy, ví dụ 1,5")
		}
		return v, nil
	case config.Date, config.YearOrDate:
		d, err := vn.ParseDate(s, f.Type == config.YearOrDate)
		if err != nil {
			if f.Type == config.YearOrDate {
				return typeErr("năm hoặc ngày tháng", "gõ năm (1945) hoặc ngày dạng ngày/tháng/năm, ví dụ 05/03/1945")
			}
			return typeErr("ngày tháng", "gõ ngày dạng ngày/tháng/năm, ví dụ 05/03/2020")
		}
		return d, dateNote(f, s, d)
	}
	return s, nil
}

// money reads an amount as clerks type it (vn.ParseMoney); an amount that
// reads two ways, or too large to be one, is refused with what to type.
func money(f *config.Field, s string, typeErr func(what, hint string) (any, *finding.Finding)) (any, *finding.Finding) {
	v, how, err := vn.ParseMoney(s)
	var amb *vn.AmbiguousError
	var frac *vn.NotWholeError
	switch {
	case err == vn.ErrTooLarge:
		return tooLarge(f, s, "gõ số tiền bằng đồng, ví dụ 350.000")
	case errors.As(err, &amb):
		return nil, &finding.Finding{Code: finding.TypeError, Level: finding.Error, Rule: "type: " + f.Type,
			Message: fmt.Sprintf("cột %q: %q không rõ số tiền, %s", f.Header, s, amb.Error()),
			Hint:    "gõ số tiền đầy đủ bằng chữ số, ví dụ 1.050.000"}
	case errors.As(err, &frac):
		return nil, &finding.Finding{Code: finding.TypeError, Level: finding.Error, Rule: "type: " + f.Type,
			Message: fmt.Sprintf("cột %q: %q %s", f.Header, s, frac.Error()),
			Hint:    "gõ số tiền tròn đồng bằng chữ số, ví dụ 525.000"}
	case err != nil:
		return typeErr("số tiền (đồng)", "gõ số tiền bằng chữ số, ví dụ 350.000")
	}
	if how != "" {
		return int(v), &finding.Finding{Code: finding.ValueRead, Level: finding.Info, Rule: "type: " + f.Type,
			Message: fmt.Sprintf("cột %q: %s", f.Header, how),
			Hint:    fmt.Sprintf("nếu đúng thì không cần sửa; nên gõ %s", vn.NewPrinter().Int(float64(v)))}
	}
	return int(v), nil
}

func tooLarge(f *config.Field, s, hint string) (any, *finding.Finding) {
	return nil, &finding.Finding{Code: finding.TypeError, Level: finding.Error, Rule: "type: " + f.Type,
		Message: fmt.Sprintf("cột %q: %q quá lớn, không thể là giá trị của cột này", f.Header, s), Hint: hint}
}

// dateNote says how a date was read when that went beyond a full day in
// a date column: a year alone, a month, an uncertain year.
func dateNote(f *config.Field, s string, d vn.Date) *finding.Finding {
	note := func(lv finding.Level, msg, hint string) *finding.Finding {
		return &finding.Finding{Code: finding.ValueRead, Level: lv, Rule: "type: " + f.Type,
			Message: fmt.Sprintf("cột %q: %s", f.Header, msg), Hint: hint}
	}
	switch {
	case d.Approx:
		return note(finding.Warning, fmt.Sprintf("%q là năm không chắc chắn, được đọc là năm %d", s, d.Year()),
			fmt.Sprintf("kiểm tra lại năm rồi gõ năm đúng, ví dụ %d", d.Year()))
	case d.MonthOnly:
		return note(finding.Info, fmt.Sprintf("%q chỉ có tháng và năm, được đọc là ngày %s", s, d.Format("02/01/2006")),
			fmt.Sprintf("nếu biết ngày, gõ đủ ngày/tháng/năm, ví dụ %s", d.Format("15/01/2006")))
	case d.YearOnly && f.Type == config.Date:
		return note(finding.Info, fmt.Sprintf("%q chỉ có năm, được đọc là năm %d (ngày 01/01/%d)", s, d.Year(), d.Year()),
			fmt.Sprintf("nếu biết ngày, gõ đủ ngày/tháng/năm, ví dụ 15/03/%d", d.Year()))
	case d.YearOnly && s != strconv.Itoa(d.Year()) && !strings.Contains(s, "/"):
		return note(finding.Info, fmt.Sprintf("%q được đọc là năm %d", s, d.Year()), fmt.Sprintf("nên gõ %d", d.Year()))
	}
	return nil
}

// text returns a text cell; a code typed with spaces ("CC 1 01
// 0123456789") that matches the field's pattern only without them is
// mended, with an info finding.
func (col *column) text(s string) (any, *finding.Finding) {
	if rs := vn.OutsideBMP(s); len(rs) > 0 {
		return s, &finding.Finding{Code: finding.Glyph, Level: finding.Warning, Rule: "type: " + col.f.Type,
			Message: fmt.Sprintf("cột %q: %q có %s mà phông chữ của báo cáo PDF không có; nếu giá trị này có trong báo cáo, PDF in thay bằng %q",
				col.f.Header, s, vn.DescribeRunes(rs), "□"),
			Hint: "bỏ các ký tự này (biểu tượng cảm xúc, chữ Hán hiếm…) khỏi ô, chỉ gõ chữ và số"}
	}
	if col.pattern == nil || !strings.Contains(s, " ") || col.pattern.MatchString(s) {
		return s, nil
	}
	joined := strings.ReplaceAll(s, " ", "")
	if !col.pattern.MatchString(joined) {
		return s, nil // the pattern check says what is wrong
	}
	return joined, &finding.Finding{Code: finding.ValueRead, Level: finding.Info, Rule: "pattern: " + col.f.Pattern,
		Message: fmt.Sprintf("cột %q: %q được đọc là %q (bỏ dấu cách)", col.f.Header, s, joined),
		Hint:    fmt.Sprintf("nên gõ liền %q", joined)}
}

// number returns a configured default as a value of the field's type.
func number(typ string, v float64) any {
	if typ == config.Decimal {
		return v
	}
	return int(v)
}
