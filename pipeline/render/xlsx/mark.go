package xlsx

import (
	"archive/zip"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

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

// Mark writes a copy of the clerk's workbook at path in which every cell
// a finding names is filled (red for errors, yellow for warnings) and
// carries a comment saying what is wrong and how to fix it. Findings about
// a whole row mark its first cell. Info findings are not marked. A
// workbook over MarkBudget once inflated is refused with *TooLarge.
func Mark(path string, fs []finding.Finding, w io.Writer) error {
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
			colour := warningFill
			if worst == finding.Error {
				colour = errorFill
			}
			st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}
			if id, err = f.NewStyle(st); err != nil {
				return err
			}
			styles[key] = id
		}
		if err := f.SetCellStyle(p.sheet, p.cell, p.cell, id); err != nil {
			return err
		}
		if err := f.AddComment(p.sheet, excelize.Comment{Author: "asxh", Cell: p.cell, Width: 320, Height: 120,
			Paragraph: []excelize.RichTextRun{{Text: strings.Join(text, "\n")}}}); err != nil {
			return err
		}
	}
	return writeNormalized(f, w)
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
