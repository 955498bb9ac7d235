// Package xlsx writes the working copy of the report: the summary with
// real numbers, one sheet per table with formula totals and native charts,
// the source rows behind every figure, the findings, and the inputs.
package xlsx

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"iter"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"asxh/pipeline/config"
	"asxh/pipeline/document"
	"asxh/pipeline/figure"
	"asxh/pipeline/finding"
	"asxh/pipeline/vn"
)

// Source is one input file as the workbook lists it.
type Source struct {
	Name, Register, SHA256 string
	Size                   int64
	Rows, Counted          int
}

// Input is everything the workbook shows.
type Input struct {
	Doc        *document.Document
	Figures    *figure.Set
	Findings   finding.List
	Sources    []Source
	ConfigHash string
	Version    string
	// Titles are the registers' titles by key ("Danh sách hộ nghèo, hộ
	// cận nghèo" for ho_ngheo): a clerk never reads a key.
	Titles    map[string]string
	Stamp     time.Time // the document's date, for the workbook properties
	SheetRows int       // rows a sheet holds; 0 is Excel's 1,048,576
}

// Render writes the report workbook.
func Render(in Input, w io.Writer) error {
	if in.SheetRows > 0 {
		return render(in, w, min(max(in.SheetRows, 2), excelize.TotalRows))
	}
	return render(in, w, excelize.TotalRows)
}

// render writes the report workbook with at most rowLimit rows a sheet;
// the tests make it small.
func render(in Input, w io.Writer, rowLimit int) error {
	b, err := newBook()
	if err != nil {
		return err
	}
	b.rowLimit = rowLimit
	defer b.close()
	title := in.Doc.Title
	if in.Doc.Draft {
		title = "DỰ THẢO - " + title
	}
	first := true
	for _, t := range in.Figures.Tables {
		if t.Kind == "summary" {
			b.summary(t, title, first)
			first = false
		}
	}
	for _, t := range in.Figures.Tables {
		if t.Kind != "summary" {
			b.grid(t, in.Figures.Params)
		}
	}
	b.details(in.Figures, in.Titles)
	b.findings(in.Findings, in.Titles)
	b.sources(in)
	b.sayContinued()
	return b.write(w, title, in.Stamp)
}

// RenderFindings writes the findings workbook: counts by register, then
// every finding.
func RenderFindings(in Input, w io.Writer) error {
	b, err := newBook()
	if err != nil {
		return err
	}
	defer b.close()
	b.findingCounts(in.Findings, in.Doc, in.Titles)
	b.findings(in.Findings, in.Titles)
	b.sayContinued()
	return b.write(w, fmt.Sprintf("Kết quả kiểm tra dữ liệu năm %d", in.Doc.Year), in.Stamp)
}

// book wraps an excelize file with the styles the sheets share.
//
// Most excelize calls return an error that only a bug or a name Excel
// forbids can cause; rather than check each, the builders record the
// first in err (do), and write returns it before writing anything.
type book struct {
	f                                    *excelize.File
	err                                  error
	sheets                               int
	streamed                             map[string]bool // sheets written by a stream writer
	rowLimit                             int             // rows a sheet holds, header included
	continued                            [][]string      // listings over more than one sheet: their sheets
	fills                                map[string]fill // a listing's rows, by sheet, written with the package
	stops                                []func()        // the listings' row iterators, released by close
	title, head, text, wrap, bold, total int
	italic                               int
	num                                  map[string]int
	totalNum                             map[string]int
	formulas                             bool // a formula's saved result is to be made a number
}

func newBook() (*book, error) {
	f := excelize.NewFile()
	b := &book{f: f, num: map[string]int{}, totalNum: map[string]int{}, streamed: map[string]bool{}, rowLimit: excelize.TotalRows,
		fills: map[string]fill{}}
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	font := func(bold bool, size float64) *excelize.Font {
		return &excelize.Font{Family: "Times New Roman", Size: size, Bold: bold}
	}
	styles := []struct {
		dst *int
		s   excelize.Style
	}{
		{&b.title, excelize.Style{Font: font(true, 14), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&b.head, excelize.Style{Font: font(true, 12), Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&b.text, excelize.Style{Font: font(false, 12), Border: border, Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&b.wrap, excelize.Style{Font: font(false, 12), Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&b.bold, excelize.Style{Font: font(true, 12)}},
		{&b.italic, excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 12, Italic: true}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&b.total, excelize.Style{Font: font(true, 12), Border: border, Alignment: &excelize.Alignment{Vertical: "center"}}},
	}
	for _, s := range styles {
		id, err := f.NewStyle(&s.s)
		if err != nil {
			return nil, err
		}
		*s.dst = id
	}
	// Number formats: dot grouping and decimal comma where the reader's
	// locale is Vietnamese; the cell always holds the real number.
	formats := map[string]string{
		config.FormatInteger: "[$-42A]#,##0", config.FormatMoney: "[$-42A]#,##0",
		config.FormatDecimal: "[$-42A]0.0", config.FormatPercent: "[$-42A]0.00", config.FormatText: "@",
	}
	for _, k := range slices.Sorted(maps.Keys(formats)) {
		c := formats[k]
		for _, bold := range []bool{false, true} {
			id, err := f.NewStyle(&excelize.Style{Font: font(bold, 12), Border: border, CustomNumFmt: &c,
				Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}})
			if err != nil {
				return nil, err
			}
			if bold {
				b.totalNum[k] = id
			} else {
				b.num[k] = id
			}
		}
	}
	return b, nil
}

// do records err if it is the first.
func (b *book) do(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

// close releases excelize's temporary files. Its error is not the
// output's: the workbook is written, or its error returned, before.
func (b *book) close() {
	for _, stop := range b.stops {
		stop()
	}
	_ = b.f.Close()
}

// sheet adds (or, for the first, renames) a sheet.
func (b *book) sheet(name string) string {
	if b.sheets == 0 {
		b.do(b.f.SetSheetName("Sheet1", name))
	} else {
		_, err := b.f.NewSheet(name)
		b.do(err)
	}
	b.sheets++
	return name
}

// write finishes the workbook: properties dated by the document, not the
// clock; each sheet's dimension set to its used range, which excelize
// leaves at A1 and streaming readers trust.
func (b *book) write(w io.Writer, title string, stamp time.Time) error {
	if b.err != nil {
		return fmt.Errorf("không ghi được bảng tính: %w", b.err)
	}
	b.f.SetActiveSheet(0)
	when := stamp.UTC().Format(time.RFC3339)
	if err := b.f.SetDocProps(&excelize.DocProperties{Creator: "asxh", Title: title, Language: "vi-VN", Created: when, Modified: when}); err != nil {
		return err
	}
	for _, sh := range b.f.GetSheetList() {
		if b.streamed[sh] {
			continue
		}
		rows, err := b.f.GetRows(sh)
		if err != nil {
			return err
		}
		width := 1
		for _, r := range rows {
			width = max(width, len(r))
		}
		if err := b.f.SetSheetDimension(sh, "A1:"+cellName(width, max(len(rows), 1))); err != nil {
			return err
		}
	}
	parts := map[string]fill{}
	for id, sh := range b.f.GetSheetMap() {
		if fl, ok := b.fills[sh]; ok {
			parts[fmt.Sprintf("xl/worksheets/sheet%d.xml", id)] = fl
		}
	}
	if b.formulas {
		return writeOwn(b.f, w, parts)
	}
	return writePackage(b.f, w, parts)
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func colName(col int) string {
	n, _ := excelize.ColumnNumberToName(col)
	return n
}

// header writes a header row with widths and freezes the panes under it.
func (b *book) header(sh string, row int, heads []string, widths []float64) {
	for i, h := range heads {
		b.do(b.f.SetCellValue(sh, cellName(i+1, row), h))
		if i < len(widths) {
			b.do(b.f.SetColWidth(sh, colName(i+1), colName(i+1), widths[i]))
		}
	}
	b.do(b.f.SetCellStyle(sh, cellName(1, row), cellName(len(heads), row), b.head))
	b.do(b.f.SetRowHeight(sh, row, 32))
	b.freeze(sh, row)
}

func (b *book) freeze(sh string, row int) {
	b.do(b.f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: cellName(1, row+1), ActivePane: "bottomLeft"}))
}

// titleRow writes a merged title across cols columns.
func (b *book) titleRow(sh string, row, cols int, s string) {
	b.do(b.f.SetCellValue(sh, cellName(1, row), s))
	b.do(b.f.MergeCell(sh, cellName(1, row), cellName(cols, row)))
	b.do(b.f.SetCellStyle(sh, cellName(1, row), cellName(cols, row), b.title))
	b.do(b.f.SetRowHeight(sh, row, 36))
}

func (b *book) summary(t *figure.Table, title string, _ bool) {
	sh := b.sheet(t.Sheet)
	cols := len(t.Columns) + 2
	b.titleRow(sh, 1, cols, title)
	b.titleRow(sh, 2, cols, t.Title)
	heads := []string{"TT", "Chỉ tiêu"}
	labels := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		labels[i] = rowLabel(r)
	}
	widths := []float64{6, fit("Chỉ tiêu", labels, 30, 60)}
	for j, c := range t.Columns {
		heads = append(heads, c.Header)
		widths = append(widths, fit(c.Header, columnTexts(t, j), 10, 40))
	}
	b.header(sh, 4, heads, widths)
	for i, r := range t.Rows {
		row := 5 + i
		b.do(b.f.SetSheetRow(sh, cellName(1, row), &[]any{i + 1, rowLabel(r)}))
		b.fitRow(sh, row, lines(rowLabel(r), widths[1]))
		b.do(b.f.SetCellStyle(sh, cellName(1, row), cellName(2, row), b.wrap))
		for j, c := range r.Cells {
			b.value(sh, cellName(j+3, row), c, b.num)
		}
	}
	b.printSetup(sh, sum(widths), 4, 4)
	b.note(sh, 5+len(t.Rows)+1, t.Note, widths)
}

// rowLabel is a row's label, marked "*" when a draft's cell of it rests on a
// register with errors: the cell holds a real number, which cannot carry
// the mark the PDF prints beside it.
func rowLabel(r figure.Row) string {
	for _, c := range r.Cells {
		if c.Mark {
			return r.Label + " *"
		}
	}
	return r.Label
}

// note writes a draft's note on why cells are marked, under a table.
// It spans the table's columns after the first, wrapped, so that it
// neither runs past the table (which would widen the printed page) nor
// hides under the next cell.
func (b *book) note(sh string, row int, note string, widths []float64) {
	if note != "" {
		last := max(2, len(widths))
		b.do(b.f.SetCellValue(sh, cellName(2, row), note))
		b.do(b.f.MergeCell(sh, cellName(2, row), cellName(last, row)))
		b.do(b.f.SetCellStyle(sh, cellName(2, row), cellName(last, row), b.italic))
		b.fitRow(sh, row, lines(note, sum(widths[1:])))
	}
}

// fitRow makes row tall enough for n lines of the sheets' 12-point text:
// Excel and LibreOffice keep a row's height as saved, so a wrapped cell
// in a row of the default height hides its lines under the next row.
func (b *book) fitRow(sh string, row, n int) {
	if n > 1 {
		b.do(b.f.SetRowHeight(sh, row, lineHeight*float64(n)+2))
	}
}

// columnTexts is how column j's cells print, for its width.
func columnTexts(t *figure.Table, j int) []string {
	var out []string
	for _, r := range t.Rows {
		out = append(out, r.Cells[j].String())
	}
	if t.Total != nil {
		out = append(out, t.Total.Cells[j].String())
	}
	return out
}

// spread is where a table's columns stand on its sheet: column j starts at
// sheet column at[j] and takes span[j] columns. A list of numbers takes as
// many as its longest list, one number a cell (Biểu 2's "Hệ số" 2,0 | 2,5);
// every other column, one.
type spread struct {
	at, span []int
	numbers  []bool // a list of numbers, written as numbers
	decimal  []bool // a list of numbers has a fraction somewhere: it prints with one decimal
}

func spreadOf(t *figure.Table) spread {
	n := len(t.Columns)
	s := spread{at: make([]int, n+1), span: make([]int, n), numbers: make([]bool, n), decimal: make([]bool, n)}
	s.at[0] = 3
	for j, c := range t.Columns {
		s.span[j] = 1
		if k, dec, ok := numberList(t, j); ok && (k == 1 || c.Group == "") {
			s.span[j], s.numbers[j], s.decimal[j] = max(k, 1), true, dec
		}
		s.at[j+1] = s.at[j] + s.span[j]
	}
	return s
}

// numberList says whether column j is a list whose every value is a
// number, how many values its longest list has, and whether any has a
// fraction.
func numberList(t *figure.Table, j int) (n int, decimal, ok bool) {
	for _, r := range t.Rows {
		c := r.Cells[j]
		if len(c.Values) == 0 {
			continue
		}
		if len(c.Numbers) != len(c.Values) {
			return 0, false, false
		}
		ok = true
		n = max(n, len(c.Numbers))
		for _, x := range c.Numbers {
			decimal = decimal || x != math.Trunc(x)
		}
	}
	return n, decimal, ok
}

// grid writes a computed table with its header, rows, a formula total row,
// the params its formulas use and, when configured, a native chart on a
// page of its own.
func (b *book) grid(t *figure.Table, params config.ParamList) {
	sh := b.sheet(t.Sheet)
	sp := spreadOf(t)
	cols := sp.at[len(t.Columns)] - 1
	b.titleRow(sh, 1, cols, t.Title)
	groups := false
	for j, c := range t.Columns {
		groups = groups || c.Group != "" || sp.span[j] > 1
	}
	hr := 3
	labels := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		labels[i] = rowLabel(r)
	}
	if t.Total != nil {
		labels = append(labels, rowLabel(*t.Total))
	}
	used := usedParams(t, params)
	for _, p := range used {
		labels = append(labels, p.Label)
	}
	// Headers wrap onto two lines, or onto more when the table would
	// otherwise be too wide to print readably (a district's table of
	// figures by ward): the header row grows instead.
	var widths []float64
	hlines := 2
	for ; ; hlines++ {
		widths = []float64{6, fit(t.RowHeader, labels, 16, 50)}
		for j, c := range t.Columns {
			w := fitLines(c.Header, columnTexts(t, j), 8, 40, hlines)
			if sp.span[j] > 1 {
				w = fit("", []string{"0,0"}, 8, 12)
			}
			for range sp.span[j] {
				widths = append(widths, w)
			}
		}
		if sum(widths) <= readableWidth || hlines == maxHeaderLines {
			break
		}
	}
	label := t.RowHeader
	if groups {
		b.header(sh, hr, make([]string, cols), widths)
		b.header(sh, hr+1, make([]string, cols), nil)
		b.do(b.f.SetCellValue(sh, cellName(1, hr), "TT"))
		b.do(b.f.MergeCell(sh, cellName(1, hr), cellName(1, hr+1)))
		b.do(b.f.SetCellValue(sh, cellName(2, hr), label))
		b.do(b.f.MergeCell(sh, cellName(2, hr), cellName(2, hr+1)))
		for i := 0; i < len(t.Columns); {
			c := t.Columns[i]
			if sp.span[i] > 1 {
				b.do(b.f.SetCellValue(sh, cellName(sp.at[i], hr), c.Header))
				b.do(b.f.MergeCell(sh, cellName(sp.at[i], hr), cellName(sp.at[i+1]-1, hr)))
				for k := range sp.span[i] {
					b.do(b.f.SetCellValue(sh, cellName(sp.at[i]+k, hr+1), fmt.Sprintf("(%d)", k+1)))
				}
				i++
				continue
			}
			if c.Group == "" {
				b.do(b.f.SetCellValue(sh, cellName(sp.at[i], hr), c.Header))
				b.do(b.f.MergeCell(sh, cellName(sp.at[i], hr), cellName(sp.at[i], hr+1)))
				i++
				continue
			}
			j := i
			for ; j < len(t.Columns) && t.Columns[j].Group == c.Group; j++ {
				b.do(b.f.SetCellValue(sh, cellName(sp.at[j], hr+1), t.Columns[j].Header))
			}
			b.do(b.f.SetCellValue(sh, cellName(sp.at[i], hr), c.Group))
			b.do(b.f.MergeCell(sh, cellName(sp.at[i], hr), cellName(sp.at[j]-1, hr)))
			i = j
		}
		hr++
	} else {
		heads := []string{"TT", label}
		for _, c := range t.Columns {
			heads = append(heads, c.Header)
		}
		b.header(sh, hr, heads, widths)
	}
	first := hr + 1
	last := first + len(t.Rows) - 1
	end := last
	if t.Total != nil {
		end++
	}
	// The params the formulas use, under the table: label and value.
	paramRow := map[string]int{}
	next := end + 2
	if t.Note != "" { // a draft's note on why cells are marked
		b.note(sh, next, t.Note, widths)
		next++
	}
	for _, p := range used {
		paramRow[p.Key] = next
		b.do(b.f.SetCellValue(sh, cellName(2, next), p.Label))
		b.fitRow(sh, next, lines(p.Label, widths[1]))
		b.do(b.f.SetCellStyle(sh, cellName(2, next), cellName(2, next), b.wrap))
		b.value(sh, cellName(3, next), figure.Cell{Value: p.Value, Format: numberFormat(p.Value != math.Trunc(p.Value))}, b.num)
		next++
	}
	exprs := func(row int, r figure.Row, styles map[string]int) {
		rf := refs{
			cell: func(key string) (string, int, bool) {
				for k, c := range t.Columns {
					if c.Key == key && sp.span[k] == 1 && c.Format != config.FormatText {
						return cellName(sp.at[k], row), sp.at[k], true
					}
				}
				return "", 0, false
			},
			param: func(key string) (string, bool) {
				n, ok := paramRow[key]
				return "$C$" + strconv.Itoa(n), ok
			},
		}
		for j, c := range t.Columns {
			if c.Expr == "" || c.Format == config.FormatText {
				continue
			}
			if f, ok := formula(c.Expr, rf); ok {
				b.formula(sh, cellName(sp.at[j], row), f, r.Cells[j], styles)
			}
		}
	}
	for i, r := range t.Rows {
		row := first + i
		b.do(b.f.SetCellValue(sh, cellName(1, row), i+1))
		b.do(b.f.SetCellValue(sh, cellName(2, row), rowLabel(r)))
		b.fitRow(sh, row, lines(rowLabel(r), widths[1]))
		b.do(b.f.SetCellStyle(sh, cellName(1, row), cellName(2, row), b.wrap))
		for j, c := range r.Cells {
			b.cells(sh, row, sp, j, c, b.num)
		}
		exprs(row, r, b.num)
	}
	if t.Total != nil {
		row := end
		b.do(b.f.SetCellValue(sh, cellName(2, row), rowLabel(*t.Total)))
		b.do(b.f.SetCellStyle(sh, cellName(1, row), cellName(2, row), b.total))
		for j, c := range t.Total.Cells {
			b.cells(sh, row, sp, j, c, b.totalNum)
			if t.Columns[j].Sum && len(t.Rows) > 0 {
				col := colName(sp.at[j])
				b.formula(sh, cellName(sp.at[j], row), fmt.Sprintf("SUM(%s%d:%s%d)", col, first, col, last), c, b.totalNum)
			}
		}
		exprs(row, *t.Total, b.totalNum)
	}
	if hlines > 2 {
		tallest := 2.0
		for j, c := range t.Columns {
			tallest = max(tallest, math.Ceil(textWidth(c.Header)*1.1/(widths[sp.at[j]-1]-2)))
		}
		b.do(b.f.SetRowHeight(sh, hr, max(32, 16*tallest+2)))
	}
	b.printSetup(sh, sum(widths), 3, hr)
	if t.Chart != nil && len(t.Rows) > 0 {
		at := next
		if len(used) > 0 {
			at++
		}
		// the page the table starts on: title, blank, header, rows, total, params
		height := 36 + 15 + 32*float64(hr-2) + 16*float64(end-hr) + 15 + 16*float64(len(used))
		for _, l := range labels {
			height += 16 * (math.Ceil(textWidth(l)/(widths[1]-1)) - 1) // a label wrapped onto more lines
		}
		b.chart(sh, t, sp, first, last, at, widths, height)
	}
}

// usedParams lists the params t's expression columns use, in the
// configuration's order.
func usedParams(t *figure.Table, params config.ParamList) []config.Param {
	var out []config.Param
	for _, p := range params {
		for _, c := range t.Columns {
			if c.Expr != "" && slices.Contains(paramsOf(c.Expr), p.Key) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// numberFormat is the format of a number that is whole or not.
func numberFormat(decimal bool) string {
	if decimal {
		return config.FormatDecimal
	}
	return config.FormatInteger
}

// cells writes column j's cell c on row: a list of numbers a number a
// cell, anything else as value writes it.
func (b *book) cells(sh string, row int, sp spread, j int, c figure.Cell, styles map[string]int) {
	if !sp.numbers[j] {
		b.value(sh, cellName(sp.at[j], row), c, styles)
		return
	}
	for k := range sp.span[j] {
		ref := cellName(sp.at[j]+k, row)
		if k < len(c.Numbers) {
			b.value(sh, ref, figure.Cell{Value: c.Numbers[k], Format: numberFormat(sp.decimal[j])}, styles)
		} else {
			b.value(sh, ref, figure.Cell{Format: config.FormatText}, styles)
		}
	}
}

// value writes one cell: a real number, or text for a list.
func (b *book) value(sh, ref string, c figure.Cell, styles map[string]int) {
	if c.Format == config.FormatText {
		b.do(b.f.SetCellValue(sh, ref, c.String()))
		b.do(b.f.SetCellStyle(sh, ref, ref, b.wrap))
		return
	}
	b.do(b.f.SetCellValue(sh, ref, c.Value))
	b.do(b.f.SetCellStyle(sh, ref, ref, styles[c.Format]))
}

// formula writes a formula cell with c's value saved as its result, so
// that a reader that does not recalculate sees the figure; write makes the
// saved result a number (excelize marks it as text).
func (b *book) formula(sh, ref, f string, c figure.Cell, styles map[string]int) {
	b.do(b.f.SetCellFormula(sh, ref, f))
	b.do(b.f.SetCellStyle(sh, ref, ref, styles[c.Format]))
	b.formulas = true
}

// chartColour fills the chart's one series: a dark blue that prints well
// in black and white.
const chartColour = "2F5597"

// chartHeight is a chart's height in pixels.
const chartHeight = 420

// chart draws column t.Chart.Column by row, at row at under the table, as
// wide as the table: on the table's first page when the estimate of the
// page above it (above, in points) and the chart fit there, or else at the
// top of the next, so that no page break cuts it.
func (b *book) chart(sh string, t *figure.Table, sp spread, first, last, at int, widths []float64, above float64) {
	col := 0
	for i, c := range t.Columns {
		if c.Key == t.Chart.Column {
			col = sp.at[i]
		}
	}
	typ := map[string]excelize.ChartType{"bar": excelize.Bar, "col": excelize.Col, "pie": excelize.Pie}[t.Chart.Type]
	px := 0.0
	for _, w := range widths {
		px += w*7 + 5
	}
	dark := excelize.Font{Family: "Times New Roman", Size: 10, Color: "000000"}
	vary := typ == excelize.Pie
	series := excelize.ChartSeries{
		Name:       fmt.Sprintf("'%s'!$%s$3", sh, colName(col)),
		Categories: fmt.Sprintf("'%s'!$B$%d:$B$%d", sh, first, last),
		Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sh, colName(col), first, colName(col), last),
		DataLabel:  excelize.ChartDataLabel{Font: dark},
	}
	if !vary {
		series.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{chartColour}}
	}
	title := dark
	title.Size, title.Bold = 12, true
	if !onePage(widths, above+chartHeight*0.75) {
		b.do(b.f.InsertPageBreak(sh, cellName(1, at)))
	}
	b.do(b.f.AddChart(sh, cellName(1, at), &excelize.Chart{
		Type:       typ,
		Series:     []excelize.ChartSeries{series},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t.Chart.Title, Font: &title}}},
		Legend:     excelize.ChartLegend{Position: "none"},
		VaryColors: &vary,
		PlotArea:   excelize.ChartPlotArea{ShowVal: true},
		// a horizontal bar chart lists its first row at the top, as the table does
		XAxis:     excelize.ChartAxis{Font: dark, ReverseOrder: typ == excelize.Bar},
		YAxis:     excelize.ChartAxis{Font: dark, MajorGridLines: true},
		Dimension: excelize.ChartDimension{Width: uint(min(max(px, 480), 1000)), Height: chartHeight},
	}))
}

// listing adds a list that may be long (a row per counted record, a row
// per finding) of n rows: a styled, frozen, filtered header, then the
// rows rows yields. A sheet holds rowLimit rows (Excel's 1,048,576); past
// that the list goes on to "name (2)", "name (3)"…, each with the header,
// and the first sheet of the workbook says so (sayContinued).
//
// The rows are not given to excelize, not even to its stream writer,
// which copies them to a temporary file of XML that is then read again
// and compressed: they are written once, as the package is written,
// straight into the compressed sheet part (fill, normalize). So the list
// is never held, in memory or on disk, and never re-read.
func (b *book) listing(name string, heads []string, widths []float64, shared []bool, n int, rows iter.Seq[[]cell]) {
	per := b.rowLimit - 1
	count := max(1, (n+per-1)/per)
	next, stop := iter.Pull(rows)
	b.stops = append(b.stops, stop)
	var sheets []string
	written := 0 // sheets filled: they must be filled in order
	for k := range count {
		sh := name
		if k > 0 {
			sh = fmt.Sprintf("%s (%d)", name, k+1)
		}
		sheets = append(sheets, b.sheet(sh))
		b.streamed[sh] = true
		b.printSetup(sh, sum(widths), 1, 1)
		b.header(sh, 1, heads, widths)
		m := min(per, n-k*per) // this sheet's rows under the header
		ref := "A1:" + cellName(len(heads), m+1)
		b.do(b.f.SetSheetDimension(sh, ref))
		fl := fill{}
		if m > 0 {
			fl.filter = ref
		}
		fl.rows = func(w io.Writer, sst *sharedStrings) error {
			if written != k {
				return fmt.Errorf("trang tính %q được ghi trước trang tính trước nó", sh)
			}
			written++
			if err := writeRows(w, 2, m, next, shared, sst); err != nil {
				return fmt.Errorf("trang tính %q: %w", sh, err)
			}
			if k == count-1 {
				if _, more := next(); more {
					return fmt.Errorf("danh sách %q có nhiều hơn %d dòng đã đếm", name, n)
				}
			}
			return nil
		}
		b.fills[sh] = fl
	}
	if len(sheets) > 1 {
		b.continued = append(b.continued, sheets)
	}
}

// cell is a cell of a listing's row: a text, or a whole number when
// isInt. Not an any: boxing each value of a million rows was a tenth of
// the workbook's time.
type cell struct {
	text  string
	n     int
	isInt bool
}

// writeRows writes m rows of cells, numbered from first, that next gives,
// as sheet XML: a text as an inline string, or, in a column marked in
// shared, as a number in the shared string table sst (when not nil); a
// number as a number; an empty text as no cell.
//
// Most of a listing's texts repeat from one row to the next (a figure's
// label and key, the register, the file, the sheet): each column keeps
// its last text as written, and reuses it.
func writeRows(w io.Writer, first, m int, next func() ([]cell, bool), shared []bool, sst *sharedStrings) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var num []byte
	var cols []string  // column names
	var last []string  // each column's last text
	var lastX [][]byte // and its XML, from after the cell's reference to its end
	var lastS []bool   // and whether that refers to the shared table
	for i := range m {
		vals, ok := next()
		if !ok {
			return fmt.Errorf("thiếu dòng: %d dòng thay vì %d", i, m)
		}
		for len(cols) < len(vals) {
			cols = append(cols, colName(len(cols)+1))
			last, lastX, lastS = append(last, ""), append(lastX, nil), append(lastS, false)
		}
		row := first + i
		num = strconv.AppendInt(num[:0], int64(row), 10)
		bw.WriteString(`<row r="`)
		bw.Write(num)
		bw.WriteString(`">`)
		at := 0 // the column a cell without a reference is in
		for j, v := range vals {
			if !v.isInt && v.text == "" {
				continue
			}
			// A cell's reference may be left out when it is in the
			// column after the row's last cell (ECMA-376, 18.3.1.4):
			// only a cell after a blank one needs it. The references
			// were a third of Chi tiết's XML.
			if j == at {
				bw.WriteString(`<c`)
			} else {
				bw.WriteString(`<c r="`)
				bw.WriteString(cols[j])
				bw.Write(num)
				bw.WriteString(`"`)
			}
			at = j + 1
			if v.isInt {
				bw.WriteString(`><v>`)
				bw.Write(strconv.AppendInt(bw.AvailableBuffer(), int64(v.n), 10))
				bw.WriteString(`</v></c>`)
				continue
			}
			if lastX[j] == nil || v.text != last[j] {
				x, isShared := lastX[j][:0], false
				if sst != nil && j < len(shared) && shared[j] {
					if id, ok := sst.id(v.text); ok {
						x = append(strconv.AppendInt(append(x, ` t="s"><v>`...), int64(id), 10), `</v></c>`...)
						isShared = true
					}
				}
				if !isShared {
					var err error
					if x, err = textXML(x, v.text); err != nil {
						return err
					}
				}
				last[j], lastX[j], lastS[j] = v.text, x, isShared
			}
			if lastS[j] {
				sst.refs++
			}
			bw.Write(lastX[j])
		}
		bw.WriteString(`</row>`)
	}
	return bw.Flush()
}

// textXML appends to dst a text cell's XML from after its reference to
// its end: ` t="inlineStr"><is><t>text</t></is></c>`, escaped.
func textXML(dst []byte, s string) ([]byte, error) {
	if preserve(s) {
		dst = append(dst, ` t="inlineStr"><is><t xml:space="preserve">`...)
	} else {
		dst = append(dst, ` t="inlineStr"><is><t>`...)
	}
	if plainXML(s) {
		dst = append(dst, s...)
	} else {
		var b bytes.Buffer
		if err := xml.EscapeText(&b, []byte(s)); err != nil {
			return nil, err
		}
		dst = append(dst, b.Bytes()...)
	}
	return append(dst, `</t></is></c>`...), nil
}

// plainXML reports whether s is XML text as it is: valid UTF-8 with no
// markup, no control character and no byte 0xEF (which starts U+FFFE and
// U+FFFF, not allowed in XML; rare in Vietnamese, escaped with the rest).
func plainXML(s string) bool {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b < 0x20, b == '<', b == '>', b == '&', b == '"', b == '\'', b == 0xEF:
			return false
		}
	}
	return utf8.ValidString(s)
}

// sayContinued writes, under what the first sheet shows, which lists go
// on over more than one sheet: the accountant who opens the workbook
// learns that Chi tiết is not all of it before scrolling to its end. A
// first sheet that is itself a listing cannot be written again; its
// continuation sheets stand beside it, named after it.
func (b *book) sayContinued() {
	first := b.f.GetSheetName(0)
	if len(b.continued) == 0 || b.streamed[first] {
		return
	}
	rows, err := b.f.GetRows(first)
	b.do(err)
	row := len(rows) + 2
	p := vn.NewPrinter()
	for _, sheets := range b.continued {
		more := "«" + strings.Join(sheets[1:], "», «") + "»"
		b.do(b.f.SetCellValue(first, cellName(1, row), fmt.Sprintf("Danh sách «%s» dài hơn số dòng một trang tính chứa được (%s dòng): tiếp tục ở trang tính %s.",
			sheets[0], p.Int(float64(b.rowLimit)), more)))
		b.do(b.f.SetCellStyle(first, cellName(1, row), cellName(1, row), b.bold))
		row++
	}
}

// details lists, for every figure, the records it counted.
func (b *book) details(figs *figure.Set, titles map[string]string) {
	n := 0
	for _, f := range figs.Figures {
		n += f.Sources.Len()
	}
	b.listing("Chi tiết", []string{"Chỉ tiêu", "Mã chỉ tiêu", "Sổ", "Tệp", "Trang tính", "Dòng", "Mã / tên"},
		[]float64{50, 22, 40, 28, 16, 8, 28}, []bool{true, true, true, true, true}, n, func(yield func([]cell) bool) {
			row := make([]cell, 7) // one row, refilled: writeRows is done with it when it asks for the next
			for _, f := range figs.Figures {
				row[0], row[1] = cell{text: f.Label}, cell{text: f.Key}
				for s := range f.Sources.All() {
					row[2], row[3], row[4] = cell{text: title(titles, s.Register)}, cell{text: s.File}, cell{text: s.Sheet}
					row[5], row[6] = cell{n: s.Row, isInt: true}, cell{text: s.ID}
					if !yield(row) {
						return
					}
				}
			}
		})
}

// FindingHeads are the columns of a list of findings. "Loại lỗi" is the
// catalogue's title of the code; the code itself, the stable id, is last.
var FindingHeads = []string{"Mức", "Loại lỗi", "Sổ", "Tệp", "Trang tính", "Ô", "Dòng", "Giá trị", "Quy tắc", "Nội dung", "Cách sửa", "Mã lỗi"}

// findingRow is a finding as a row under FindingHeads.
func findingRow(f finding.Finding, titles map[string]string, row []cell) []cell {
	r := cell{n: f.Row, isInt: true}
	if f.Row == 0 {
		r = cell{}
	}
	text := func(s string) cell { return cell{text: s} }
	return append(row[:0], text(f.Level.String()), text(finding.Title(f.Code)), text(title(titles, f.Register)), text(f.File), text(f.Sheet),
		text(f.Cell), r, text(f.Value), text(f.Rule), text(f.Message), text(f.Hint), text(f.Code))
}

// title is a register's title, or its key when titles lack it.
func title(titles map[string]string, key string) string {
	if t, ok := titles[key]; ok && t != "" {
		return t
	}
	return key
}

// findings lists every finding, sorted by file, sheet and row.
func (b *book) findings(fs finding.List, titles map[string]string) {
	sorted := fs.Sorted()
	// the level, the kind, the register, file and sheet, the rule and the code repeat down the list
	shared := []bool{true, true, true, true, true, false, false, false, true, false, false, true}
	b.listing("Kiểm tra dữ liệu", FindingHeads, []float64{10, 22, 30, 26, 14, 8, 7, 20, 30, 60, 50, 16}, shared, len(sorted), func(yield func([]cell) bool) {
		var row []cell
		for _, f := range sorted {
			row = findingRow(f, titles, row)
			if !yield(row) {
				return
			}
		}
	})
}

// findingCounts is the first sheet of the findings workbook.
func (b *book) findingCounts(fs finding.List, d *document.Document, titles map[string]string) {
	sh := b.sheet("Tổng quan")
	b.titleRow(sh, 1, 4, fmt.Sprintf("Kết quả kiểm tra dữ liệu năm %d", d.Year))
	widths := []float64{45, 10, 10, 10}
	b.header(sh, 3, []string{"Sổ", "Lỗi", "Cảnh báo", "Thông tin"}, widths)
	b.printSetup(sh, sum(widths), 3, 3)
	counts := map[string][3]int{}
	var regs []string
	for _, f := range fs.Sorted() {
		k := title(titles, f.Register)
		if k == "" {
			k = "(tệp)"
		}
		if _, ok := counts[k]; !ok {
			regs = append(regs, k)
		}
		c := counts[k]
		c[2-int(f.Level)]++
		counts[k] = c
	}
	for i, r := range regs {
		c := counts[r]
		b.do(b.f.SetSheetRow(sh, cellName(1, 4+i), &[]any{r, c[0], c[1], c[2]}))
		b.do(b.f.SetCellStyle(sh, cellName(1, 4+i), cellName(1, 4+i), b.text))
		b.do(b.f.SetCellStyle(sh, cellName(2, 4+i), cellName(4, 4+i), b.num[config.FormatInteger]))
	}
	row := 4 + len(regs)
	b.do(b.f.SetSheetRow(sh, cellName(1, row), &[]any{"Tổng cộng", fs.Count(finding.Error), fs.Count(finding.Warning), fs.Count(finding.Info)}))
	b.do(b.f.SetCellStyle(sh, cellName(1, row), cellName(1, row), b.total))
	b.do(b.f.SetCellStyle(sh, cellName(2, row), cellName(4, row), b.totalNum[config.FormatInteger]))
}

// sources lists the inputs and the run's configuration and version.
func (b *book) sources(in Input) {
	sh := b.sheet("Nguồn dữ liệu")
	var names, regs []string
	for _, s := range in.Sources {
		names, regs = append(names, s.Name), append(regs, title(in.Titles, s.Register))
	}
	heads := []string{"Tệp", "Sổ", "SHA-256", "Kích thước (byte)", "Số dòng đọc", "Số dòng được tính"}
	widths := []float64{fit(heads[0], append(names, "Cấu hình (SHA-256)"), 16, 40), fit(heads[1], regs, 10, 40),
		fit(heads[2], []string{strings.Repeat("0", 64)}, 20, 80) /* a SHA-256 in hex */, 12, 10, 12}
	b.header(sh, 1, heads, widths)
	for i, s := range in.Sources {
		b.do(b.f.SetSheetRow(sh, cellName(1, 2+i), &[]any{s.Name, title(in.Titles, s.Register), s.SHA256, s.Size, s.Rows, s.Counted}))
		b.do(b.f.SetCellStyle(sh, cellName(1, 2+i), cellName(3, 2+i), b.text))
		b.do(b.f.SetCellStyle(sh, cellName(4, 2+i), cellName(6, 2+i), b.num[config.FormatInteger]))
	}
	row := len(in.Sources) + 3
	b.do(b.f.SetSheetRow(sh, cellName(1, row), &[]any{"Cấu hình (SHA-256)", "", in.ConfigHash}))
	b.do(b.f.SetSheetRow(sh, cellName(1, row+1), &[]any{"Phiên bản asxh", "", in.Version}))
	b.do(b.f.SetCellStyle(sh, cellName(1, row), cellName(3, row+1), b.text))
	b.printSetup(sh, sum(widths), 1, 1)
}
