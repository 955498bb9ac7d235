package read

import (
	"fmt"
	"math"
	"strings"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/vn"
)

// formulaErrors are the values a spreadsheet shows for a broken formula.
var formulaErrors = []string{"#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}

// enumIndex maps each enum field's allowed values by Key and by Bare form.
func enumIndex(reg *config.Register) []map[string]string {
	idx := make([]map[string]string, len(reg.Fields))
	for i, f := range reg.Fields {
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
		idx[i] = m
	}
	return idx
}

// convert types one cell, given as vn.Clean left it. A blank cell is nil,
// or the field's default.
func convert(f *config.Field, enum map[string]string, s string, key func(string) string) (any, *finding.Finding) {
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
		return s, nil
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
		if err != nil {
			return typeErr("số nguyên", "gõ một số nguyên, ví dụ 3")
		}
		return v, nil
	case config.Money:
		v, err := vn.ParseNumber(s, true)
		if err != nil || v != math.Trunc(v) {
			return typeErr("số tiền (đồng)", "gõ số tiền bằng chữ số, ví dụ 350.000")
		}
		return int(v), nil
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
		return d, nil
	}
	return s, nil
}

// number returns a configured default as a value of the field's type.
func number(typ string, v float64) any {
	if typ == config.Decimal {
		return v
	}
	return int(v)
}
