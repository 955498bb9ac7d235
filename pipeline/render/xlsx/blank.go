package xlsx

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"asxh/pipeline/config"
)

// blankRows is how many rows of a blank register carry formats and checks.
const blankRows = 2000

// listSheet holds the allowed values of every enum, for the drop-down lists.
const listSheet = "Danh mục"

// BlankName is the file name of register reg's blank workbook: its first
// file pattern without wildcards.
func BlankName(reg *config.Register) string {
	name := strings.NewReplacer("*", "", "?", "").Replace(reg.Files[0])
	return strings.Trim(name, "-_ ") + ".xlsx"
}

// Blank writes register reg as an empty workbook for clerks to fill: the
// title, the configured headers, column widths, a frozen header, number
// and date formats, a drop-down list for every enum and an input message
// for every column.
func Blank(c *config.Config, reg *config.Register, w io.Writer) error {
	b, err := newBook()
	if err != nil {
		return err
	}
	defer b.close()
	sh := b.sheet("DS")
	title := strings.ToUpper(reg.Title) + fmt.Sprintf(" NĂM %d", c.Year)
	b.titleRow(sh, 1, len(reg.Fields), title)
	heads := make([]string, len(reg.Fields))
	widths := make([]float64, len(reg.Fields))
	for i, f := range reg.Fields {
		heads[i] = f.Header
		widths[i] = width(f)
	}
	b.header(sh, 3, heads, widths)
	b.printSetup(sh, sum(widths), 3, 3)

	lists := b.sheet(listSheet)
	listCol := 0
	dateFmt := "dd/mm/yyyy"
	for i, f := range reg.Fields {
		col := colName(i + 1)
		rng := fmt.Sprintf("%s4:%s%d", col, col, blankRows+3)
		style := excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 12}}
		switch f.Type {
		case config.Integer, config.Money:
			style.NumFmt = 3 // #,##0
		case config.Decimal:
			c := "0.0"
			style.CustomNumFmt = &c
		case config.Date:
			style.CustomNumFmt = &dateFmt
		case config.Text, config.Enum:
			style.NumFmt = 49 // text: codes keep their leading zeros
		}
		id, err := b.f.NewStyle(&style)
		if err != nil {
			return err
		}
		if err := b.f.SetCellStyle(sh, col+"4", fmt.Sprintf("%s%d", col, blankRows+3), id); err != nil {
			return err
		}
		dv := excelize.NewDataValidation(!f.Required)
		dv.Sqref = rng
		prompt := prompt(f)
		switch f.Type {
		case config.Enum:
			listCol++
			lc := colName(listCol)
			for j, v := range f.Values {
				b.do(b.f.SetCellValue(lists, fmt.Sprintf("%s%d", lc, j+1), v))
			}
			dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$1:$%s$%d", listSheet, lc, lc, len(f.Values)))
			dv.SetError(excelize.DataValidationErrorStyleStop, f.Header, "Chọn một giá trị trong danh sách")
		case config.Integer:
			lo := 0.0
			if f.Min != nil {
				lo = *f.Min
			}
			if err := dv.SetRange(lo, 1e9, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, f.Header, "Gõ một số nguyên")
		case config.Date:
			if err := dv.SetRange(1, 2958465, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleWarning, f.Header, "Gõ ngày dạng ngày/tháng/năm")
		}
		if f.Type != config.Ignored {
			dv.SetInput(f.Header, prompt)
			if err := b.f.AddDataValidation(sh, dv); err != nil {
				return err
			}
		}
	}
	if listCol == 0 {
		b.do(b.f.DeleteSheet(lists))
	} else if err := b.f.SetSheetVisible(lists, false); err != nil {
		return err
	} else {
		b.printSetup(lists, 40, 0, 0)
	}
	return b.write(w, title, c.Document.Day)
}

// width is a column width that fits the header and typical values.
func width(f *config.Field) float64 {
	w := float64(utf8.RuneCountInString(f.Header))*0.9 + 2
	switch f.Type {
	case config.Ignored:
		w = 6
	case config.Date, config.YearOrDate:
		w = max(w, 12)
	case config.Enum:
		for _, v := range f.Values {
			w = max(w, float64(utf8.RuneCountInString(v))*0.9+2)
		}
	case config.Text:
		w = max(w, 14)
	}
	return min(w, 60)
}

// prompt is the input message of a column: what to type there.
func prompt(f *config.Field) string {
	var s []string
	if f.Required {
		s = append(s, "Bắt buộc.")
	}
	switch f.Type {
	case config.Integer:
		s = append(s, "Số nguyên.")
	case config.Money:
		s = append(s, "Số tiền (đồng), ví dụ 350.000.")
	case config.Decimal:
		s = append(s, "Số, phần thập phân sau dấu phẩy, ví dụ 1,5.")
	case config.Date:
		s = append(s, "Ngày dạng ngày/tháng/năm, ví dụ 05/03/2020.")
	case config.YearOrDate:
		s = append(s, "Năm (1945) hoặc ngày/tháng/năm.")
	case config.Enum:
		s = append(s, "Chọn trong danh sách.")
	}
	if f.Unique {
		s = append(s, "Không được trùng.")
	}
	if f.Hint != "" {
		s = append(s, f.Hint)
	}
	msg := strings.Join(s, " ")
	if utf8.RuneCountInString(msg) > 250 { // Excel's limit for an input message
		msg = string([]rune(msg)[:250])
	}
	return msg
}
