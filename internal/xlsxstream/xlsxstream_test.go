package xlsxstream

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

const ns = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`

// readAll reads every row of raw sheet XML.
func readAll(t *testing.T, xml string, shared ...string) ([]Row, error) {
	t.Helper()
	r := NewReader(strings.NewReader(xml), shared)
	defer r.Close()
	var rows []Row
	for {
		row, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, row)
	}
}

func TestRead(t *testing.T) {
	tests := []struct {
		name string
		xml  string
		want []Row
		err  error
	}{
		{"values", ns + `<sheetData><row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2"><v>1.5</v></c></row><row><c t="inlineStr"><is><t>x&amp;y</t></is></c></row></sheetData></worksheet>`,
			[]Row{{Num: 2, Cells: []string{"a", "", "1.5"}}, {Num: 3, Cells: []string{"x&y"}}}, nil},
		{"kinds and styles", ns + `<sheetData><row r="1"><c r="A1" t="b" s="2"><v>1</v></c><c r="B1" t="e"><v>#BLOCKED!</v></c><c r="C1"><f>A1+1</f></c><c r="D1" t="str"><f>""</f><v></v></c></row></sheetData></worksheet>`,
			[]Row{{Num: 1, Cells: []string{"1", "#BLOCKED!"}, Styles: []int32{2}, Kinds: []Kind{Bool, Error, Uncomputed}}}, nil},
		{"no closing sheetData", ns + `<sheetData><row r="1"><c r="A1"><v>1</v></c></row>`,
			[]Row{{Num: 1, Cells: []string{"1"}}}, ErrTruncated},
		{"no closing worksheet", ns + `<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells>`,
			[]Row{{Num: 1, Cells: []string{"1"}}}, ErrTruncated},
		{"cut inside a row", ns + `<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2`,
			[]Row{{Num: 1, Cells: []string{"1"}}}, ErrTruncated},
		{"rows out of order", ns + `<sheetData><row r="2"/><row r="1"/></sheetData></worksheet>`,
			[]Row{{Num: 2}}, errors.New("số dòng sai")},
		{"empty", ns + `<sheetData/></worksheet>`, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readAll(t, tt.xml, "a")
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows\n got %+v\nwant %+v", got, tt.want)
			}
			switch {
			case tt.err == nil && err != nil:
				t.Errorf("error %v", err)
			case tt.err != nil && err == nil:
				t.Errorf("no error, want %v", tt.err)
			case tt.err != nil && !errors.Is(err, tt.err) && !strings.Contains(err.Error(), tt.err.Error()):
				t.Errorf("error %v, want %v", err, tt.err)
			}
			var pe *ParseError
			if err != nil && !errors.As(err, &pe) {
				t.Errorf("error %T, want a *ParseError", err)
			}
		})
	}
}

// book writes a workbook with excelize: sheets in order, the second hidden.
func book(t testing.TB) string {
	t.Helper()
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Bìa")
	f.NewSheet("Ẩn")
	f.NewSheet("DS")
	f.SetSheetVisible("Ẩn", false)
	f.SetCellValue("DS", "A1", "Tổ 1")
	f.SetCellValue("DS", "B1", "Lê Văn A")
	f.SetCellValue("DS", "B2", "Lê Văn B")
	f.MergeCell("DS", "A1", "A2")
	struck, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Strike: true, Family: "VnTime"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FF0000"}}})
	f.SetCellStyle("DS", "B2", "B2", struck)
	p := filepath.Join(t.TempDir(), "b.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWorkbook(t *testing.T) {
	wb, err := Open(book(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	want := []SheetInfo{{"Bìa", true, 0, "xl/worksheets/sheet1.xml"}, {"Ẩn", false, 1, "xl/worksheets/sheet2.xml"}, {"DS", true, 2, "xl/worksheets/sheet3.xml"}}
	if got := wb.Sheets(); !reflect.DeepEqual(got, want) {
		t.Errorf("sheets %+v", got)
	}
	if wb.Date1904() {
		t.Error("1904")
	}
	r, err := wb.Sheet("DS")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	m, err := r.Merges()
	if err != nil || !reflect.DeepEqual(m, []Range{{1, 1, 1, 2}}) {
		t.Errorf("merges %v %v", m, err)
	}
	var rows []Row
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
	if len(rows) != 2 || rows[1].Cells[1] != "Lê Văn B" {
		t.Fatalf("rows %+v", rows)
	}
	st := wb.Style(rows[1].Style(1))
	if !st.Strike || st.Font != "VnTime" || !strings.HasSuffix(st.Fill, "FF0000") {
		t.Errorf("style %+v", st)
	}
	if wb.Style(rows[0].Style(1)).Strike {
		t.Error("B1 struck")
	}
}

func TestScanMerges(t *testing.T) {
	// a tag split across the chunk boundary, prefixed names, look-alikes
	pad := strings.Repeat("<row/>", (1<<20)/6)
	for _, cut := range []int{0, 1, 3, 7, 12} {
		x := pad[:len(pad)-cut] + `<x:mergeCells count="2"><x:mergeCell ref="A3:B9"/><mergeCell ref='C1:C2'/></x:mergeCells><t>mergeCell</t>`
		got, err := scanMerges(strings.NewReader(x))
		if err != nil || !reflect.DeepEqual(got, []Range{{1, 3, 2, 9}, {3, 1, 3, 2}}) {
			t.Errorf("cut %d: %v %v", cut, got, err)
		}
		// a part that says it is small is read in small chunks, whatever it holds
		small, err := scanMergesIn(strings.NewReader(x[len(x)-5000-cut:]), 10)
		if err != nil || !reflect.DeepEqual(small, got) {
			t.Errorf("cut %d, in 4 KB chunks: %v %v", cut, small, err)
		}
	}
	if _, err := scanMerges(strings.NewReader(`<mergeCell ref="B2:A1"/>`)); err == nil {
		t.Error("a reversed range read")
	}
}

// benchSheet reads the sample register's sheet, or the book named by
// ASXH_BENCH_BOOK (bench/w100k/bao-tro-xa-hoi.xlsx, say).
func benchSheet(b *testing.B, merges bool) {
	book := "../../data/bao-tro-xa-hoi.xlsx"
	if p := os.Getenv("ASXH_BENCH_BOOK"); p != "" {
		book = p
	}
	for b.Loop() {
		wb, err := Open(book, Options{})
		if err != nil {
			b.Fatal(err)
		}
		r, err := wb.SheetAt(0)
		if err != nil {
			b.Fatal(err)
		}
		if merges {
			if _, err := r.Merges(); err != nil {
				b.Fatal(err)
			}
		} else {
			for {
				if _, err := r.Read(); err != nil {
					if err != io.EOF {
						b.Fatal(err)
					}
					break
				}
			}
		}
		r.Close()
		wb.Close()
	}
}

func BenchmarkSheet(b *testing.B)  { benchSheet(b, false) }
func BenchmarkMerges(b *testing.B) { benchSheet(b, true) }

func TestDateFormats(t *testing.T) {
	for code, want := range map[string]bool{
		"dd/mm/yyyy": true, "[$-42A]d mmmm yyyy": true, "mmm-yy": true, `"Ngày "d`: true,
		"h:mm": false, "mm:ss": false, "#,##0": false, "0.00": false, "General": false,
		`"dd"0`: false, `[Red]#,##0;[Blue]-#,##0`: false, `0;"y"`: false, `\d0`: false,
	} {
		if got := isDateFormat(code); got != want {
			t.Errorf("%q: %v, want %v", code, got, want)
		}
	}
	if !builtinDate(14) || builtinDate(3) || !builtinDate(22) || builtinDate(49) {
		t.Error("built-in formats")
	}
}
