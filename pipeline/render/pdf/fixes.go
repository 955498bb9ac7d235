package pdf

import (
	"fmt"
	"io"
	"strconv"
	"time"
)

// Fixes is the correction sheet (phiếu sửa lỗi) a clerk takes back to the
// desk: for each register with findings, on a page of its own, each row
// to fix, whose it is, what is wrong and what to type.
type Fixes struct {
	Year      int
	Issuer    []string // the issuing body, as on the report
	Registers []FixRegister
}

// FixRegister is one register's findings, file by file.
type FixRegister struct {
	Title string // the register's title, as the clerk knows it
	Files []FixFile
}

// FixFile is one file's findings, in the order the clerk walks the file.
type FixFile struct {
	Name            string // "" for the register as a whole: no file yet
	Errors, Warning int
	Lines           []FixLine
}

// FixLine is one finding.
type FixLine struct {
	Sheet   string // "" when the file has one sheet, or the finding is about the file
	Row     int    // 0: the whole file, or a column
	Cell    string
	Who     string // the record on the row: "Nguyễn Văn An (HN001)"
	What    string // what is wrong
	Fix     string // what to type, how to fix it
	Warning bool   // worth a look; does not block the report
}

// Columns of the correction sheet, mm: where, whose, what is wrong, what
// to do, and a box to tick once done; together the text width.
var fixWidths = [5]float64{23, 36, 52, 42, 12}

var fixHeads = [5]string{"Dòng (ô)", "Họ tên (mã)", "Lỗi", "Cách sửa", "Đã sửa"}

// RenderFixes writes the correction sheet as PDF to w, in the report's
// page and font; stamp is the document's date, so the bytes do not depend
// on the clock.
func RenderFixes(x Fixes, stamp time.Time, w io.Writer) error {
	p := newPage()
	p.SetCreationDate(stamp)
	p.SetModificationDate(stamp)
	title := "Phiếu sửa lỗi số liệu năm " + strconv.Itoa(x.Year)
	p.SetTitle(title, true)
	p.SetLang("vi-VN")
	p.SetCreator("asxh", true)
	p.SetAutoPageBreak(false, marginBottom)
	for _, reg := range x.Registers {
		p.AddPage()
		y := marginTop
		if len(x.Issuer) > 0 {
			y = p.block(marginLeft, 80, y, "", 11, 5, x.Issuer) + 3
		}
		y = p.block(marginLeft, textW, y, "B", 14, 6.5, []string{"PHIẾU SỬA LỖI SỐ LIỆU NĂM " + strconv.Itoa(x.Year)})
		y = p.block(marginLeft, textW, y, "B", 13, 6.5, []string{reg.Title})
		p.SetY(y + 2)
		for _, f := range reg.Files {
			fixFile(p, reg.Title, f)
		}
	}
	return p.Output(w)
}

// fixFile writes one file's heading and table; the table's header is
// repeated on every page it runs over.
func fixFile(p page, register string, f FixFile) {
	count := fmt.Sprintf("%d lỗi", f.Errors)
	if f.Warning > 0 {
		count += fmt.Sprintf(", %d cảnh báo", f.Warning)
	}
	note := "Tệp " + f.Name + ": " + count + ". Sửa trong tệp này rồi chép lại vào thư mục dữ liệu."
	if f.Name == "" {
		note = "Cả sổ: " + count + "."
	}
	p.font("I", 12)
	if p.GetY()+float64(len(p.lines(note, textW, 0)))*5.5+3*tableLine > p.bottom() {
		p.AddPage()
	}
	p.paragraph(note, "I", 12, 0, 5.5, 1.5)
	fixHeader(p)
	for _, l := range f.Lines {
		cells := [5]string{fixPlace(l), l.Who, l.What, l.Fix, ""}
		if l.Warning {
			cells[2] = "(cảnh báo) " + cells[2]
		}
		p.font("", tableSize)
		h := 0.0
		for i, s := range cells {
			h = max(h, cellHeight(p, s, fixWidths[i]))
		}
		if p.GetY()+h > p.bottom() {
			p.AddPage()
			p.block(marginLeft, textW, marginTop, "I", 11, 5, []string{register + " — " + f.Name + " (tiếp)"})
			p.SetY(p.GetY() + 1)
			fixHeader(p)
			p.font("", tableSize)
		}
		y, x := p.GetY(), marginLeft
		for i, s := range cells {
			align := "L"
			if i == 0 {
				align = "C"
			}
			textCell(p, x, y, fixWidths[i], h, s, align)
			x += fixWidths[i]
		}
		p.SetY(y + h)
	}
	p.SetY(p.GetY() + 5)
}

func fixHeader(p page) {
	p.font("B", tableSize)
	h := 0.0
	for i, s := range fixHeads {
		h = max(h, cellHeight(p, s, fixWidths[i]))
	}
	y, x := p.GetY(), marginLeft
	for i, s := range fixHeads {
		textCell(p, x, y, fixWidths[i], h, s, "C")
		x += fixWidths[i]
	}
	p.SetY(y + h)
}

// fixPlace is where the clerk looks: "6 (E6)", "Tổ 3: 6 (E6)" when the
// file has several sheets, "cả tệp" for the file as a whole.
func fixPlace(l FixLine) string {
	s := "cả tệp"
	switch {
	case l.Row > 0 && l.Cell != "":
		s = fmt.Sprintf("%d (%s)", l.Row, l.Cell)
	case l.Row > 0:
		s = strconv.Itoa(l.Row)
	case l.Cell != "":
		s = "ô " + l.Cell
	}
	if l.Sheet != "" {
		s = l.Sheet + ": " + s
	}
	return s
}
