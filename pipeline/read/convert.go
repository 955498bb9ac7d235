package read

import (
	"errors"
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
	// read remembers the values, numbers and dates read without a word to
	// say: a register repeats them (rates, amounts, dates of a decision), and
	// reading a date again cost more than looking it up (bench/read
	// profile, 100,000 rows: ParseDate and dateNote were a third of
	// typing the cells). What it returns is what reading returns: a
	// value that needs a finding is read each time.
	read map[string]any
	// a column of values that seldom repeat (dates of birth) stops
	// remembering once it has remembered readMax of them and found fewer
	// than half it looked up: a miss and an insertion cost more than
	// reading a date (BenchmarkConvert)
	looked, hits int
	forget       bool
}

// readMax bounds a column's remembered values.
const readMax = 1 << 12

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
	if col.read != nil {
		col.looked++
		if v, ok := col.read[s]; ok {
			col.hits++
			return v, nil
		}
	}
	for _, e := range formulaErrors {
		if s == e {
			x := finding.Finding{Code: finding.TypeError, Level: finding.Error, Rule: typeRule(f)}.
				Say("formula", finding.Args{"cot": f.Header, "gia_tri": s})
			return nil, &x
		}
	}
	typeErr := func(what, hint string) (any, *finding.Finding) { return typeError(f, s, what, hint) }
	switch f.Type {
	case config.Text:
		return col.text(s)
	case config.Enum:
		if v, ok := enum[key(s)]; ok {
			return col.remember(s, v), nil
		}
		allowed := strings.Join(f.Values, "; ")
		rule := finding.Rule("enum", finding.Args{"cho_phep": allowed})
		if v, ok := enum["~"+vn.Bare(s)]; ok && unmarked(s, v) {
			x := finding.Finding{Code: finding.EnumFolded, Level: finding.Warning, Rule: rule}.
				Say("", finding.Args{"cot": f.Header, "gia_tri": s, "doc_la": v})
			return v, &x
		}
		x := finding.Finding{Code: finding.Constraint, Level: finding.Error, Rule: rule}.
			Say("values", finding.Args{"cot": f.Header, "gia_tri": s, "gan_nhat": vn.Closest(s, f.Values), "cho_phep": allowed})
		return nil, &x
	case config.Integer:
		v, err := vn.ParseInt(s)
		if err == vn.ErrTooLarge {
			return tooLarge(f, s, "gõ đúng số, ví dụ 3")
		}
		if err != nil {
			return typeErr("số nguyên", "gõ số bằng chữ số, ví dụ 3")
		}
		return col.remember(s, v), nil
	case config.Money:
		v, x := money(f, s)
		if x == nil {
			col.remember(s, v)
		}
		return v, x
	case config.Decimal:
		v, err := vn.ParseNumber(s, false)
		if err != nil {
			return typeErr("số", "gõ một số, phần thập phân sau dấu phẩy, ví dụ 1,5")
		}
		return col.remember(s, v), nil
	case config.Date, config.YearOrDate:
		d, err := vn.ParseDate(s, f.Type == config.YearOrDate)
		if err != nil {
			var none *vn.NoSuchDayError
			if errors.As(err, &none) {
				x := finding.Finding{Code: finding.TypeError, Level: finding.Error, Rule: typeRule(f)}.
					Say("no-day", finding.Args{"cot": f.Header, "gia_tri": s, "ly_do": none.Error()})
				return nil, &x
			}
			if f.Type == config.YearOrDate {
				return typeErr("năm hoặc ngày tháng", "gõ năm (1945) hoặc ngày dạng ngày/tháng/năm, ví dụ 05/03/1945")
			}
			return typeErr("ngày tháng", "gõ ngày dạng ngày/tháng/năm, ví dụ 05/03/2020")
		}
		x := dateNote(f, s, d)
		if x == nil {
			return col.remember(s, d), nil
		}
		return d, x
	}
	return s, nil
}

// remember keeps a value read without a finding, while there is room.
func (col *column) remember(s string, v any) any {
	if col.forget {
		return v
	}
	if col.read == nil {
		col.read = map[string]any{}
	}
	if len(col.read) < readMax {
		col.read[s] = v
	} else if col.hits < col.looked/2 {
		col.forget, col.read = true, nil
	}
	return v
}

// typeError is the finding of a value that is not of its field's type.
func typeError(f *config.Field, s, what, hint string) (any, *finding.Finding) {
	x := finding.Finding{Code: finding.TypeError, Level: finding.Error, Rule: typeRule(f)}.
		Say("", finding.Args{"cot": f.Header, "gia_tri": s, "kieu": what, "cach_sua": hint})
	return nil, &x
}

// money reads an amount as clerks type it (vn.ParseMoney); an amount that
// reads two ways, or too large to be one, is refused with what to type.
func money(f *config.Field, s string) (any, *finding.Finding) {
	v, how, err := vn.ParseMoney(s)
	if err != nil {
		return moneyError(f, s, err)
	}
	if how != "" {
		x := finding.Finding{Code: finding.ValueRead, Level: finding.Info, Rule: typeRule(f)}.
			Say("money", finding.Args{"cot": f.Header, "gia_tri": s, "cach_doc": how, "nen_go": vn.NewPrinter().Int(float64(v))})
		return int(v), &x
	}
	return int(v), nil
}

// moneyError is the finding of an amount that did not read.
func moneyError(f *config.Field, s string, err error) (any, *finding.Finding) {
	var amb *vn.AmbiguousError
	var frac *vn.NotWholeError
	switch {
	case err == vn.ErrTooLarge:
		return tooLarge(f, s, "gõ số tiền bằng đồng, ví dụ 350.000")
	case errors.As(err, &amb):
		x := finding.Finding{Code: finding.TypeError, Level: finding.Error, Rule: typeRule(f)}.
			Say("ambiguous", finding.Args{"cot": f.Header, "gia_tri": s, "ly_do": amb.Error()})
		return nil, &x
	case errors.As(err, &frac):
		x := finding.Finding{Code: finding.TypeError, Level: finding.Error, Rule: typeRule(f)}.
			Say("not-whole", finding.Args{"cot": f.Header, "gia_tri": s, "ly_do": frac.Error()})
		return nil, &x
	}
	return typeError(f, s, "số tiền (đồng)", "gõ số tiền bằng chữ số, ví dụ 350.000")
}

func tooLarge(f *config.Field, s, hint string) (any, *finding.Finding) {
	x := finding.Finding{Code: finding.TypeError, Level: finding.Error, Rule: typeRule(f)}.
		Say("too-large", finding.Args{"cot": f.Header, "gia_tri": s, "cach_sua": hint})
	return nil, &x
}

// dateNote says how a date was read when that went beyond a full day in
// a date column: a year alone, a month, an uncertain year.
func dateNote(f *config.Field, s string, d vn.Date) *finding.Finding {
	note := func(lv finding.Level, form string) *finding.Finding {
		x := finding.Finding{Code: finding.ValueRead, Level: lv, Rule: typeRule(f)}.
			Say(form, finding.Args{"cot": f.Header, "gia_tri": s, "nam": d.Year(),
				"ngay": d.Format("02/01/2006"), "vi_du": d.Format("15/01/2006")})
		return &x
	}
	switch {
	case d.Approx:
		return note(finding.Warning, "approx")
	case d.MonthOnly:
		return note(finding.Info, "month")
	case d.YearOnly && f.Type == config.Date:
		return note(finding.Info, "year-in-date")
	case d.YearOnly && s != strconv.Itoa(d.Year()) && !strings.Contains(s, "/"):
		return note(finding.Info, "year")
	}
	return nil
}

// text returns a text cell; a code typed with spaces ("CC 1 01
// 0123456789") that matches the field's pattern only without them is
// mended, with an info finding.
func (col *column) text(s string) (any, *finding.Finding) {
	if rs := vn.OutsideBMP(s); len(rs) > 0 {
		x := finding.Finding{Code: finding.Glyph, Level: finding.Warning}.
			Say("", finding.Args{"cot": col.f.Header, "gia_tri": s, "ky_tu": vn.DescribeRunes(rs), "thay": "□"})
		return s, &x
	}
	if col.pattern == nil || !strings.Contains(s, " ") || col.pattern.MatchString(s) {
		return s, nil
	}
	joined := strings.ReplaceAll(s, " ", "")
	if !col.pattern.MatchString(joined) {
		return s, nil // the pattern check says what is wrong
	}
	x := finding.Finding{Code: finding.ValueRead, Level: finding.Info, Rule: finding.Rule("pattern", nil)}.
		Say("spaces", finding.Args{"cot": col.f.Header, "gia_tri": s, "doc_la": joined})
	return joined, &x
}

// number returns a configured default as a value of the field's type.
func number(typ string, v float64) any {
	if typ == config.Decimal {
		return v
	}
	return int(v)
}

// typeRule is the words of field f's type, for a finding's "Quy tắc".
func typeRule(f *config.Field) string { return finding.Rule(f.Type, nil) }

// unmarked reports whether s is the enum value v typed without its marks:
// each word of s either has no mark at all or is v's word as it is. A
// word already typed with marks ("hưư" for "hưu") is a misspelling, not a
// value typed on a keyboard without Vietnamese, and gets no "có dấu" hint.
func unmarked(s, v string) bool {
	ws, wv := strings.Fields(vn.Key(s)), strings.Fields(vn.Key(v))
	if len(ws) != len(wv) {
		return vn.Bare(s) == vn.Key(s)
	}
	for i, w := range ws {
		if w != vn.Bare(w) && w != wv[i] {
			return false
		}
	}
	return true
}
