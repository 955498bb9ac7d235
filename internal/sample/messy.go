package sample

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"asxh/pipeline/vn"
)

// Variants are the ways of keeping the sample registers that clerks
// really use; each must give exactly the sample's figures.
var Variants = []string{"shuffled", "split", "typed-as-text", "structure", "legacy", "csv"}

// Messy writes the sample registers into dir the way variant says.
func Messy(dir string, t Targets, variant string) error {
	bs := books(t)
	r := rand.New(rand.NewPCG(t.Seed, 7))
	for i, b := range bs {
		l := layout{}
		switch variant {
		case "shuffled":
			// columns in any order, an extra column, headers as clerks type them
			l.order = r.Perm(len(b.head))
			l.extra = true
			l.headers = func(h string) string {
				switch h {
				case "Họ và tên":
					return "Họ tên"
				case "Tổ dân phố":
					return "TDP"
				}
				switch r.IntN(3) {
				case 0:
					return strings.ToUpper(h)
				case 1:
					return norm.NFD.String(strings.Replace(h, " ", "\n", 1))
				}
				return "  " + h + " "
			}
		case "split":
			if b.file == "ho-ngheo.xlsx" || b.file == "nguoi-cao-tuoi.xlsx" || b.file == "hoat-dong.xlsx" {
				half := len(b.rows) / 2
				one, two := *b, *b
				one.rows, two.rows = b.rows[:half], b.rows[half:]
				one.total, two.total = nil, nil
				stem := strings.TrimSuffix(b.file, ".xlsx")
				if err := writeMessy(filepath.Join(dir, stem+"-to-1.xlsx"), &one, layout{}); err != nil {
					return err
				}
				if err := writeMessy(filepath.Join(dir, stem+"-to-2.xlsx"), &two, layout{titleRows: 2}); err != nil {
					return err
				}
				continue
			}
		case "typed-as-text":
			l.value = func(v any, i int) any { return asText(v, i) }
		case "structure":
			l.titleRows = 2
			l.indexRow = true
			l.groups = i%2 == 0
			l.blanks = true
			l.hidden = true
		case "legacy":
			l.legacy = map[string]vn.Legacy{"Họ và tên": vn.TCVN3, "Họ tên chủ hộ": vn.VNI}
		case "csv":
			enc := "utf8-bom"
			if i%3 == 1 {
				enc = "windows-1258"
			}
			if err := writeCSV(filepath.Join(dir, strings.TrimSuffix(b.file, ".xlsx")+".csv"), b, enc); err != nil {
				return err
			}
			continue
		default:
			return fmt.Errorf("no variant %q", variant)
		}
		if err := writeMessy(filepath.Join(dir, b.file), b, l); err != nil {
			return err
		}
	}
	return nil
}

// layout is how one messy workbook differs from a tidy one.
type layout struct {
	order     []int               // column order
	extra     bool                // an extra column no field claims
	headers   func(string) string // header text as typed
	titleRows int                 // title rows above the header
	indexRow  bool                // a (1) (2) (3) row under the header
	groups    bool                // "Tổ N" rows and "Cộng" subtotals between records
	blanks    bool                // blank rows inside the table
	hidden    bool                // a hidden sheet of notes before the data
	value     func(v any, col int) any
	legacy    map[string]vn.Legacy // header → encoding of its column
}

func writeMessy(path string, b *book, l layout) error {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	if l.hidden {
		f.SetSheetName(sh, "Ghi chú")
		f.SetCellValue("Ghi chú", "A1", "Tổng cộng 999 hộ — số liệu cũ")
		idx, _ := f.NewSheet("Danh sách")
		f.SetActiveSheet(idx)
		f.SetSheetVisible("Ghi chú", false)
		sh = "Danh sách"
	}
	order := l.order
	if order == nil {
		order = make([]int, len(b.head))
		for i := range order {
			order[i] = i
		}
	}
	head := make([]any, 0, len(order)+1)
	group := make([]any, 0, len(order)+1)
	for _, c := range order {
		h := b.head[c]
		if l.headers != nil {
			h = l.headers(h)
		}
		head = append(head, h)
		if b.group != nil {
			group = append(group, b.group[c])
		}
	}
	if l.extra {
		head = append(head, "Ghi chú thêm")
		group = append(group, "")
	}
	row := 1
	f.SetCellValue(sh, "A1", b.title)
	for range l.titleRows {
		row++
		f.SetCellValue(sh, fmt.Sprintf("A%d", row), "(Kèm theo báo cáo của UBND phường)")
	}
	row += 2
	if b.group != nil {
		// group cells over their sub-headers, merged; other headers span both rows
		for i := range head {
			c1, _ := excelize.CoordinatesToCellName(i+1, row)
			c2, _ := excelize.CoordinatesToCellName(i+1, row+1)
			g, _ := group[i].(string)
			if g == "" {
				f.SetCellValue(sh, c1, head[i])
				f.MergeCell(sh, c1, c2)
				continue
			}
			f.SetCellValue(sh, c2, head[i])
			if i == 0 || group[i-1] != group[i] {
				f.SetCellValue(sh, c1, g)
			}
		}
		row++
	} else {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		f.SetSheetRow(sh, cell, &head)
	}
	if l.indexRow {
		row++
		idx := make([]any, len(head))
		for i := range idx {
			idx[i] = fmt.Sprintf("(%d)", i+1)
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		f.SetSheetRow(sh, cell, &idx)
	}
	fonts := map[int]int{} // column → style
	for i, c := range order {
		if enc, ok := l.legacy[b.head[c]]; ok {
			font := ".VnTime"
			if enc == vn.VNI {
				font = "VNI-Times"
			}
			id, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: font}})
			fonts[i+1] = id
		}
	}
	for n, r := range b.rows {
		if l.groups && n%25 == 0 {
			if n > 0 {
				row++
				f.SetSheetRow(sh, fmt.Sprintf("A%d", row), &[]any{"", "Cộng tổ"})
			}
			row++
			f.SetCellValue(sh, fmt.Sprintf("B%d", row), fmt.Sprintf("Tổ %d", n/25+1))
		}
		if l.blanks && n%17 == 5 {
			row++
		}
		row++
		out := make([]any, 0, len(order)+1)
		for _, c := range order {
			v := r[c]
			if l.value != nil {
				v = l.value(v, c)
			}
			if enc, ok := l.legacy[b.head[c]]; ok {
				if s, isText := v.(string); isText {
					v = encodeLegacy(s, enc)
				}
			}
			out = append(out, v)
		}
		if l.extra {
			out = append(out, "x")
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		f.SetSheetRow(sh, cell, &out)
		for col, id := range fonts {
			c, _ := excelize.CoordinatesToCellName(col, row)
			f.SetCellStyle(sh, c, c, id)
		}
	}
	if b.total != nil && l.order == nil {
		row++
		f.SetSheetRow(sh, fmt.Sprintf("A%d", row), &b.total)
	}
	row += 2
	f.SetCellValue(sh, fmt.Sprintf("B%d", row), "Người lập biểu")
	f.SetCellValue(sh, fmt.Sprintf("B%d", row+4), "Nguyễn Văn Lập")
	return f.SaveAs(path)
}

// asText writes a value as a clerk types it into a text cell.
func asText(v any, col int) any {
	switch x := v.(type) {
	case int:
		if x >= 100000 {
			return vn.NewPrinter().Int(float64(x)) + " đ"
		}
		if x >= 1900 && x < 2100 && col%2 == 0 {
			return fmt.Sprintf("00/00/%d", x)
		}
		return fmt.Sprint(x)
	case float64:
		return strings.Replace(fmt.Sprintf("%.1f", x), ".", ",", 1)
	case time.Time:
		if col%2 == 0 {
			return fmt.Sprintf("%d/%d/%d", x.Day(), int(x.Month()), x.Year())
		}
		return x.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24 // a bare serial
	case string:
		if x == "" {
			return x
		}
		// stray spaces, a non-breaking space, a zero-width space
		return " " + strings.Replace(x, " ", "\u00a0", 1) + "\u200b "
	}
	return v
}

// encodeLegacy writes Unicode text in a legacy encoding (the inverse of vn.Decode).
func encodeLegacy(s string, enc vn.Legacy) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		b.WriteString(legacyOf(r, enc))
	}
	return b.String()
}

var legacyTables = map[vn.Legacy]map[rune]string{}

func legacyOf(r rune, enc vn.Legacy) string {
	t, ok := legacyTables[enc]
	if !ok {
		t = map[rune]string{}
		// invert the decoder over every candidate code sequence
		for c := rune(0xa0); c <= 0xff; c++ {
			for _, base := range []string{"", "a", "e", "o", "u", "y", "A", "E", "O", "U", "Y", "ô", "ö", "Ô", "Ö"} {
				s := base + string(c)
				d := vn.Decode(s, enc)
				if rs := []rune(d); len(rs) == 1 && d != s {
					if _, seen := t[rs[0]]; !seen || len(s) < len(t[rs[0]]) {
						t[rs[0]] = s
					}
				}
			}
		}
		legacyTables[enc] = t
	}
	if s, ok := t[r]; ok {
		return s
	}
	if enc == vn.TCVN3 && r > 0x7f {
		// TCVN3 has no capitals with tone marks: a .VnTimeH font draws them
		if s, ok := t[[]rune(strings.ToLower(string(r)))[0]]; ok {
			return s
		}
	}
	return string(r)
}

// writeCSV writes a register as a CSV export: UTF-8 with a BOM, or Windows-1258.
func writeCSV(path string, b *book, enc string) error {
	var sb strings.Builder
	line := func(cells []any) {
		for i, c := range cells {
			if i > 0 {
				sb.WriteByte(',')
			}
			s := fmt.Sprint(c)
			switch x := c.(type) {
			case time.Time:
				s = x.Format("02/01/2006")
			case float64:
				s = strings.Replace(fmt.Sprintf("%.1f", x), ".", ",", 1)
			}
			if strings.ContainsAny(s, ",\"\n") {
				s = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
			}
			sb.WriteString(s)
		}
		sb.WriteString("\r\n")
	}
	line([]any{b.title})
	head := make([]any, len(b.head))
	for i, h := range b.head {
		head[i] = h
		if b.group != nil && b.group[i] != "" {
			head[i] = b.group[i] + " " + strings.ToLower(h) // "Phân loại hộ đầu năm": one row in CSV
		}
	}
	if b.group != nil {
		for i := range head {
			if b.group[i] != "" {
				head[i] = "Phân loại " + strings.ToLower(b.head[i])
			}
		}
	}
	line(head)
	for _, r := range b.rows {
		line(r)
	}
	data := []byte("\xef\xbb\xbf" + sb.String())
	if enc == "windows-1258" {
		var err error
		out, err := charmap.Windows1258.NewEncoder().String(cp1258(sb.String()))
		if err != nil {
			return err
		}
		data = []byte(out)
	}
	return os.WriteFile(path, data, 0o644)
}

// cp1258 writes text as Windows-1258 holds Vietnamese: vowel marks
// precomposed, tone marks combining.
func cp1258(s string) string {
	var b strings.Builder
	tones := []rune{'\u0300', '\u0301', '\u0303', '\u0309', '\u0323'}
	for _, r := range norm.NFC.String(s) {
		var base, tone []rune
		for _, x := range norm.NFD.String(string(r)) {
			if slices.Contains(tones, x) {
				tone = append(tone, x)
			} else {
				base = append(base, x)
			}
		}
		b.WriteString(norm.NFC.String(string(base)))
		b.WriteString(string(tone))
	}
	return b.String()
}
