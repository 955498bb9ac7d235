// Package xlsx writes the working copy of the report: the summary with
// real numbers, one sheet per table with formula totals and native charts,
// the source rows behind every figure, the findings, and the inputs.
package xlsx

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"iter"
	"maps"
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
			b.grid(t)
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
		{&b.italic, excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 12, Italic: true}}},
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
	widths := []float64{6, 70}
	for _, c := range t.Columns {
		heads = append(heads, c.Header)
		widths = append(widths, 18)
	}
	b.header(sh, 4, heads, widths)
	for i, r := range t.Rows {
		row := 5 + i
		b.do(b.f.SetSheetRow(sh, cellName(1, row), &[]any{i + 1, rowLabel(r)}))
		b.do(b.f.SetCellStyle(sh, cellName(1, row), cellName(2, row), b.wrap))
		for j, c := range r.Cells {
			b.value(sh, cellName(j+3, row), c, b.num)
		}
	}
	b.note(sh, 5+len(t.Rows)+1, t.Note)
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
func (b *book) note(sh string, row int, note string) {
	if note != "" {
		b.do(b.f.SetCellValue(sh, cellName(2, row), note))
		b.do(b.f.SetCellStyle(sh, cellName(2, row), cellName(2, row), b.italic))
	}
}

// grid writes a computed table with its header, rows, a formula total row
// and, when configured, a native chart.
func (b *book) grid(t *figure.Table) {
	sh := b.sheet(t.Sheet)
	cols := len(t.Columns) + 2
	b.titleRow(sh, 1, cols, t.Title)
	groups := false
	for _, c := range t.Columns {
		groups = groups || c.Group != ""
	}
	hr := 3
	widths := []float64{6, 42}
	for range t.Columns {
		widths = append(widths, 14)
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
			if c.Group == "" {
				b.do(b.f.SetCellValue(sh, cellName(i+3, hr), c.Header))
				b.do(b.f.MergeCell(sh, cellName(i+3, hr), cellName(i+3, hr+1)))
				i++
				continue
			}
			j := i
			for ; j < len(t.Columns) && t.Columns[j].Group == c.Group; j++ {
				b.do(b.f.SetCellValue(sh, cellName(j+3, hr+1), t.Columns[j].Header))
			}
			b.do(b.f.SetCellValue(sh, cellName(i+3, hr), c.Group))
			b.do(b.f.MergeCell(sh, cellName(i+3, hr), cellName(j+2, hr)))
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
	for i, r := range t.Rows {
		row := first + i
		b.do(b.f.SetCellValue(sh, cellName(1, row), i+1))
		b.do(b.f.SetCellValue(sh, cellName(2, row), rowLabel(r)))
		b.do(b.f.SetCellStyle(sh, cellName(1, row), cellName(2, row), b.wrap))
		for j, c := range r.Cells {
			b.value(sh, cellName(j+3, row), c, b.num)
		}
	}
	last := first + len(t.Rows) - 1
	if t.Total != nil {
		row := last + 1
		b.do(b.f.SetCellValue(sh, cellName(2, row), rowLabel(*t.Total)))
		b.do(b.f.SetCellStyle(sh, cellName(1, row), cellName(2, row), b.total))
		for j, c := range t.Total.Cells {
			ref := cellName(j+3, row)
			b.value(sh, ref, c, b.totalNum)
			if t.Columns[j].Sum && len(t.Rows) > 0 {
				col := colName(j + 3)
				b.do(b.f.SetCellFormula(sh, ref, fmt.Sprintf("SUM(%s%d:%s%d)", col, first, col, last)))
			}
		}
	}
	end := last + 2
	if t.Total != nil {
		end++
	}
	b.note(sh, end, t.Note)
	if t.Chart != nil && len(t.Rows) > 0 {
		b.chart(sh, t, first, last, cols)
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

func (b *book) chart(sh string, t *figure.Table, first, last, cols int) {
	col := 0
	for i, c := range t.Columns {
		if c.Key == t.Chart.Column {
			col = i + 3
		}
	}
	typ := map[string]excelize.ChartType{"bar": excelize.Bar, "col": excelize.Col, "pie": excelize.Pie}[t.Chart.Type]
	b.do(b.f.AddChart(sh, cellName(cols+2, 3), &excelize.Chart{
		Type: typ,
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("'%s'!$%s$3", sh, colName(col)),
			Categories: fmt.Sprintf("'%s'!$B$%d:$B$%d", sh, first, last),
			Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sh, colName(col), first, colName(col), last),
		}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t.Chart.Title}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		Dimension: excelize.ChartDimension{Width: 640, Height: 400},
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
func (b *book) listing(name string, heads []string, widths []float64, n int, rows iter.Seq[[]any]) {
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
		b.header(sh, 1, heads, widths)
		m := min(per, n-k*per) // this sheet's rows under the header
		ref := "A1:" + cellName(len(heads), m+1)
		b.do(b.f.SetSheetDimension(sh, ref))
		fl := fill{}
		if m > 0 {
			fl.filter = ref
		}
		fl.rows = func(w io.Writer) error {
			if written != k {
				return fmt.Errorf("trang tính %q được ghi trước trang tính trước nó", sh)
			}
			written++
			if err := writeRows(w, 2, m, next); err != nil {
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

// writeRows writes m rows of cells, numbered from first, that next gives,
// as sheet XML: a string as an inline string, an int as a number, an
// empty string or nil as no cell.
func writeRows(w io.Writer, first, m int, next func() ([]any, bool)) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var num []byte
	for i := range m {
		vals, ok := next()
		if !ok {
			return fmt.Errorf("thiếu dòng: %d dòng thay vì %d", i, m)
		}
		row := first + i
		num = strconv.AppendInt(num[:0], int64(row), 10)
		bw.WriteString(`<row r="`)
		bw.Write(num)
		bw.WriteString(`">`)
		for j, v := range vals {
			if v == nil || v == "" {
				continue
			}
			bw.WriteString(`<c r="`)
			bw.WriteString(colName(j + 1))
			bw.Write(num)
			switch x := v.(type) {
			case int:
				bw.WriteString(`"><v>`)
				bw.Write(strconv.AppendInt(nil, int64(x), 10))
				bw.WriteString(`</v></c>`)
			case string:
				if strings.TrimSpace(x) != x {
					bw.WriteString(`" t="inlineStr"><is><t xml:space="preserve">`)
				} else {
					bw.WriteString(`" t="inlineStr"><is><t>`)
				}
				if plainXML(x) {
					bw.WriteString(x)
				} else if err := xml.EscapeText(bw, []byte(x)); err != nil {
					return err
				}
				bw.WriteString(`</t></is></c>`)
			default:
				return fmt.Errorf("ô %s%d: kiểu %T không ghi được", colName(j+1), row, v)
			}
		}
		bw.WriteString(`</row>`)
	}
	return bw.Flush()
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
		[]float64{50, 22, 40, 28, 16, 8, 28}, n, func(yield func([]any) bool) {
			for _, f := range figs.Figures {
				for s := range f.Sources.All() {
					if !yield([]any{f.Label, f.Key, title(titles, s.Register), s.File, s.Sheet, s.Row, s.ID}) {
						return
					}
				}
			}
		})
}

// FindingHeads are the columns of a list of findings. "Loại lỗi" is the
// catalogue's title of the code; the code itself, the stable id, is last.
var FindingHeads = []string{"Mức", "Loại lỗi", "Sổ", "Tệp", "Trang tính", "Ô", "Dòng", "Giá trị", "Quy tắc", "Nội dung", "Cách sửa", "Mã lỗi"}

// FindingRow is a finding as a row under FindingHeads.
func FindingRow(f finding.Finding, titles map[string]string) []any {
	var r any = f.Row
	if f.Row == 0 {
		r = ""
	}
	return []any{f.Level.String(), finding.Title(f.Code), title(titles, f.Register), f.File, f.Sheet, f.Cell, r, f.Value, f.Rule, f.Message, f.Hint, f.Code}
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
	b.listing("Kiểm tra dữ liệu", FindingHeads, []float64{10, 22, 30, 26, 14, 8, 7, 20, 30, 60, 50, 16}, len(sorted), func(yield func([]any) bool) {
		for _, f := range sorted {
			if !yield(FindingRow(f, titles)) {
				return
			}
		}
	})
}

// findingCounts is the first sheet of the findings workbook.
func (b *book) findingCounts(fs finding.List, d *document.Document, titles map[string]string) {
	sh := b.sheet("Tổng quan")
	b.titleRow(sh, 1, 4, fmt.Sprintf("Kết quả kiểm tra dữ liệu năm %d", d.Year))
	b.header(sh, 3, []string{"Sổ", "Lỗi", "Cảnh báo", "Thông tin"}, []float64{45, 10, 10, 10})
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
	}
	row := 4 + len(regs)
	b.do(b.f.SetSheetRow(sh, cellName(1, row), &[]any{"Tổng cộng", fs.Count(finding.Error), fs.Count(finding.Warning), fs.Count(finding.Info)}))
	b.do(b.f.SetCellStyle(sh, cellName(1, row), cellName(4, row), b.bold))
}

// sources lists the inputs and the run's configuration and version.
func (b *book) sources(in Input) {
	sh := b.sheet("Nguồn dữ liệu")
	b.header(sh, 1, []string{"Tệp", "Sổ", "SHA-256", "Kích thước (byte)", "Số dòng đọc", "Số dòng được tính"}, []float64{30, 40, 66, 16, 14, 16})
	for i, s := range in.Sources {
		b.do(b.f.SetSheetRow(sh, cellName(1, 2+i), &[]any{s.Name, title(in.Titles, s.Register), s.SHA256, s.Size, s.Rows, s.Counted}))
	}
	row := len(in.Sources) + 3
	b.do(b.f.SetSheetRow(sh, cellName(1, row), &[]any{"Cấu hình (SHA-256)", "", in.ConfigHash}))
	b.do(b.f.SetSheetRow(sh, cellName(1, row+1), &[]any{"Phiên bản asxh", "", in.Version}))
}
