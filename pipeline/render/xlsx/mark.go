package xlsx

import (
	"archive/zip"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"asxh/pipeline/finding"
)

// Fill colours of a marked cell, as Excel's own "bad" and "neutral" styles.
const (
	errorFill   = "FFC7CE"
	warningFill = "FFEB9C"
)

// MarkBudget bounds the inflated size of a workbook Mark will copy:
// excelize holds every sheet it edits in memory, at some 25 times its
// XML's size, so a bigger workbook (or a bomb that inflates to gigabytes)
// is refused before it is opened. Measured on the generated BTXH
// register: 28,000 rows (14 MB of XML) marked in 366 MB peak RSS; 100,000
// rows (53 MB) took 1.37 GB. 16 MB keeps one workbook under about 450 MB.
const MarkBudget = 16 << 20

// TooLarge is Mark's refusal of a workbook over the budget.
type TooLarge struct{ Size, Budget uint64 }

func (e *TooLarge) Error() string {
	return fmt.Sprintf("tệp quá lớn để đánh dấu ô lỗi (%d MB khi giải nén, tối đa %d MB): hãy sửa theo danh sách lỗi", e.Size>>20, e.Budget>>20)
}

// Who names the record on a row of a sheet ("Nguyễn Văn An (H001)"), ""
// when unknown.
type Who func(sheet string, row int) string

// Mark writes a copy of the clerk's workbook at path in which every cell
// a finding names is filled (red for errors, yellow for warnings) and
// carries a comment saying what is wrong and how to fix it. Findings about
// a whole row mark its first cell. Info findings are not marked. A first
// sheet, ListSheet, lists the findings, each linked to its cell; the
// clerk's sheets are otherwise left as they were. A workbook over
// MarkBudget once inflated is refused with *TooLarge.
func Mark(path string, fs []finding.Finding, who Who, w io.Writer) error {
	if err := withinBudget(path, MarkBudget); err != nil {
		return err
	}
	// The same bound again inside excelize: sizes are the declared ones,
	// which archive/zip holds every part to as it inflates it.
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: MarkBudget, UnzipXMLSizeLimit: MarkBudget})
	if err != nil {
		return err
	}
	defer f.Close()
	type place struct{ sheet, cell string }
	byPlace := map[place][]finding.Finding{}
	for _, x := range fs {
		if x.Level == finding.Info || x.Sheet == "" || (x.Cell == "" && x.Row == 0) {
			continue
		}
		cell := x.Cell
		if cell == "" {
			cell = cellName(1, x.Row)
		}
		p := place{x.Sheet, cell}
		byPlace[p] = append(byPlace[p], x)
	}
	places := slices.Collect(func(yield func(place) bool) {
		for p := range byPlace {
			if !yield(p) {
				return
			}
		}
	})
	slices.SortFunc(places, func(a, b place) int {
		ca, ra, _ := excelize.CellNameToCoordinates(a.cell)
		cb, rb, _ := excelize.CellNameToCoordinates(b.cell)
		return cmp.Or(cmp.Compare(a.sheet, b.sheet), cmp.Compare(ra, rb), cmp.Compare(ca, cb))
	})
	// The comments of an earlier run (a marked copy fixed and dropped back)
	// are stale: they go. A clerk's own comment on a cell to mark stays,
	// with the finding added under it.
	own := map[place]excelize.Comment{}
	for _, sh := range f.GetSheetList() {
		cs, err := f.GetComments(sh)
		if err != nil {
			continue // not a worksheet
		}
		for _, c := range cs {
			if c.Author != commentAuthor && byPlace[place{sh, c.Cell}] == nil {
				continue
			}
			if c.Author != commentAuthor {
				own[place{sh, c.Cell}] = c
			}
			if err := f.DeleteComment(sh, c.Cell); err != nil {
				return err
			}
		}
	}
	styles := map[[2]int]int{} // (old style, level) → new style
	for _, p := range places {
		list := byPlace[p]
		worst := finding.Warning
		var text []string
		for _, x := range list {
			worst = max(worst, x.Level)
			s := fmt.Sprintf("%s (%s): %s", strings.ToUpper(x.Level.String()[:1])+x.Level.String()[1:], finding.Title(x.Code), x.Message)
			if x.Hint != "" {
				s += ". Cách sửa: " + x.Hint
			}
			text = append(text, s)
		}
		old, err := f.GetCellStyle(p.sheet, p.cell)
		if err != nil {
			return err
		}
		key := [2]int{old, int(worst)}
		id, ok := styles[key]
		if !ok {
			st, err := f.GetStyle(old)
			if err != nil || st == nil {
				st = &excelize.Style{}
			}
			for i := range st.Border {
				// a border in the automatic colour reads back without one,
				// and excelize would write it as rgb="FF", which openpyxl
				// (and with it every Python script of the district) refuses
				if st.Border[i].Color == "" {
					st.Border[i].Color = "000000"
				}
			}
			colour := warningFill
			if worst == finding.Error {
				colour = errorFill
			}
			st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}
			for i := range st.Border {
				// a border without a colour is automatic, black; excelize
				// would write it as rgb="FF", which openpyxl refuses
				if st.Border[i].Color == "" {
					st.Border[i].Color = "000000"
				}
			}
			if id, err = f.NewStyle(st); err != nil {
				return err
			}
			styles[key] = id
		}
		if err := f.SetCellStyle(p.sheet, p.cell, p.cell, id); err != nil {
			return err
		}
		c := excelize.Comment{Author: commentAuthor, Cell: p.cell, Width: 320, Height: 120,
			Paragraph: []excelize.RichTextRun{{Text: strings.Join(text, "\n")}}}
		if o, ok := own[p]; ok {
			var clerk strings.Builder
			for _, r := range o.Paragraph {
				clerk.WriteString(r.Text)
			}
			clerk.WriteString(o.Text)
			mine, _, _ := strings.Cut(clerk.String(), commentRule) // what an earlier run added goes
			c.Author = o.Author
			c.Paragraph = []excelize.RichTextRun{{Text: mine + commentRule}, c.Paragraph[0]}
		}
		if err := f.AddComment(p.sheet, c); err != nil {
			return err
		}
	}
	shift, err := addList(f, filepath.Base(path), fs, who)
	if err != nil {
		return err
	}
	if !shift {
		return writeNormalized(f, w)
	}
	var buf bytes.Buffer
	if err := writeNormalized(f, &buf); err != nil {
		return err
	}
	return shiftSheetScopes(bytes.NewReader(buf.Bytes()), int64(buf.Len()), w)
}

// commentAuthor signs the comments Mark writes; commentRule separates a
// clerk's comment from the finding Mark adds under it.
const (
	commentAuthor = "asxh"
	commentRule   = "\n— asxh —\n"
)

// ListSheet is the marked copy's first sheet: every finding of the file.
const ListSheet = "Danh sách lỗi"

// addList adds ListSheet in front of the clerk's sheets, active, one row
// per finding (errors and warnings) with a link to its cell. A list left
// by an earlier run (the clerk fixed a marked copy and dropped it back)
// is replaced. shift says the sheets moved one place on, so names scoped
// to a sheet by its position must follow (see shiftSheetScopes).
func addList(f *excelize.File, file string, fs []finding.Finding, who Who) (shift bool, err error) {
	var list []finding.Finding
	for _, x := range finding.List(fs).CausesFirst() {
		if x.Level > finding.Info {
			list = append(list, x)
		}
	}
	if len(list) == 0 {
		return false, nil
	}
	if i, _ := f.GetSheetIndex(ListSheet); i >= 0 {
		if err := f.DeleteSheet(ListSheet); err != nil {
			return false, err
		}
	}
	first := f.GetSheetName(0)
	if _, err := f.NewSheet(ListSheet); err != nil {
		return false, err
	}
	if err := f.MoveSheet(ListSheet, first); err != nil {
		return false, err
	}
	f.SetActiveSheet(0)
	sh := ListSheet
	var errs []error
	do := func(err error) { errs = append(errs, err) }
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Border: listBorder})
	wrap, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Border: listBorder})
	link := map[finding.Level]int{}
	for _, lv := range []finding.Level{finding.Warning, finding.Error} {
		colour := warningFill
		if lv == finding.Error {
			colour = errorFill
		}
		link[lv], _ = f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "0563C1", Underline: "single"},
			Alignment: &excelize.Alignment{Vertical: "top"}, Border: listBorder,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}})
	}
	do(f.SetCellValue(sh, "A1", fmt.Sprintf("Tệp %s: %d lỗi, %d cảnh báo. Bấm vào ô ở cột \"Ô\" để đến chỗ cần sửa; sửa ở các sheet của sổ, không cần sửa sheet này.",
		file, finding.List(list).Count(finding.Error), finding.List(list).Count(finding.Warning))))
	do(f.SetCellStyle(sh, "A1", "A1", bold))
	heads := []string{"Sheet", "Ô", "Họ tên/Mã", "Lỗi", "Cách sửa"}
	widths := []float64{16, 9, 26, 60, 50}
	for i, h := range heads {
		do(f.SetCellValue(sh, cellName(i+1, 3), h))
		do(f.SetColWidth(sh, colName(i+1), colName(i+1), widths[i]))
	}
	do(f.SetCellStyle(sh, "A3", cellName(len(heads), 3), head))
	do(f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}))
	// printed, the list is one page wide, landscape
	do(f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &[]bool{true}[0]}))
	do(f.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: &[]int{9}[0], Orientation: &[]string{"landscape"}[0],
		FitToWidth: &[]int{1}[0], FitToHeight: &[]int{0}[0]}))
	for i, x := range list {
		r := 4 + i
		cell := x.Cell
		if cell == "" && x.Row > 0 {
			cell = cellName(1, x.Row)
		}
		person := ""
		if who != nil && x.Row > 0 {
			person = who(x.Sheet, x.Row)
		}
		what := x.Message
		if x.Level == finding.Warning {
			what = "Cảnh báo: " + what
		}
		do(f.SetSheetRow(sh, cellName(1, r), &[]any{x.Sheet, cell, person, what, x.Hint}))
		do(f.SetCellStyle(sh, cellName(1, r), cellName(len(heads), r), wrap))
		// LibreOffice does not grow a row to its wrapped text: say how high
		lines := 1
		for i, s := range []string{x.Sheet, cell, person, what, x.Hint} {
			lines = max(lines, (utf8.RuneCountInString(s)*11/10)/int(widths[i])+1)
		}
		do(f.SetRowHeight(sh, r, 15*float64(lines)))
		if x.Sheet != "" && cell != "" {
			tip := "Đến ô " + cell + " của sheet " + x.Sheet
			do(f.SetCellHyperLink(sh, cellName(2, r), "'"+strings.ReplaceAll(x.Sheet, "'", "''")+"'!"+cell, "Location",
				excelize.HyperlinkOpts{Tooltip: &tip}))
			do(f.SetCellStyle(sh, cellName(2, r), cellName(2, r), link[x.Level]))
		}
	}
	return true, errors.Join(errs...)
}

var listBorder = []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
	{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}

// localSheetID is a defined name's scope: the position of its sheet.
var localSheetID = regexp.MustCompile(`localSheetId="(\d+)"`)

// firstSheet is the first tab shown in the tab bar.
var firstSheet = regexp.MustCompile(` firstSheet="\d+"`)

// shiftSheetScopes copies the package from r to w with the workbook's
// names scoped to a sheet (a print area, a filter's range) moved one
// sheet on, as their sheets were when the list went in front: excelize's
// MoveSheet leaves them by position, on the wrong sheet. The tab bar
// starts at the first tab, so the list shows. Every other part is copied
// as it is.
func shiftSheetScopes(r io.ReaderAt, size int64, w io.Writer) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, zf := range zr.File {
		if zf.Name != "xl/workbook.xml" {
			if err := copyRaw(zw, zf); err != nil {
				return err
			}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		body = localSheetID.ReplaceAllFunc(body, func(m []byte) []byte {
			n, _ := strconv.Atoi(string(localSheetID.FindSubmatch(m)[1]))
			return []byte(`localSheetId="` + strconv.Itoa(n+1) + `"`)
		})
		body = firstSheet.ReplaceAll(body, nil)
		pw, err := create(zw, zf.Name)
		if err != nil {
			return err
		}
		if _, err := pw.Write(body); err != nil {
			return err
		}
	}
	return zw.Close()
}

// withinBudget refuses a workbook whose parts declare more than budget
// bytes in all, from the zip's directory alone: nothing is inflated.
// archive/zip fails a part that inflates past its declared size, so the
// declared sizes bound what excelize can inflate.
func withinBudget(path string, budget uint64) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer zr.Close()
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > budget || zf.UncompressedSize64 > budget {
			return &TooLarge{Size: max(total, zf.UncompressedSize64), Budget: budget}
		}
	}
	return nil
}
