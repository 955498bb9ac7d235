package read

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"asxh/internal/sample"
	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/record"
	"asxh/pipeline/source"
)

// The tests here build unusual and hostile workbooks from a generated
// sample register by rewriting one part of it (sample.EditPart), so the
// right records are the clean file's.

const sheetPart = "xl/worksheets/sheet1.xml"

// sampleBook is a clean sample register and the records it gives.
func sampleBook(t *testing.T, file string) (*config.Config, *config.Register, string, []*record.Record) {
	t.Helper()
	c, err := config.Load("../../data/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("../../data", file)
	files, _, err := source.Find(c, "../../data", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name == file {
			recs, fs := readAll(c, c.Register(f.Register), f)
			if fs.Count(finding.Error) > 0 || len(recs) == 0 {
				t.Fatalf("clean %s: %d records, %v", file, len(recs), fs)
			}
			return c, c.Register(f.Register), path, recs
		}
	}
	t.Fatalf("no register claims %s", file)
	return nil, nil, "", nil
}

// edited writes a copy of src with part rewritten and reads it.
func edited(t *testing.T, c *config.Config, reg *config.Register, src, part string, edit func([]byte) []byte) ([]*record.Record, finding.List) {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := sample.EditPart(src, dst, part, edit); err != nil {
		t.Fatal(err)
	}
	return readAll(c, reg, source.File{Path: dst, Name: filepath.Base(src), Register: reg.Key, Format: "xlsx"})
}

func values(recs []*record.Record) [][]any {
	var out [][]any
	for _, r := range recs {
		out = append(out, r.Values)
	}
	return out
}

// TestDate1904 stores the sample's dates as a Mac workbook does: serials
// counted from 1904, 1462 days fewer. The records must not move.
func TestDate1904(t *testing.T) {
	c, reg, src, want := sampleBook(t, "bao-tro-xa-hoi.xlsx")
	dir := t.TempDir()
	mac := filepath.Join(dir, "bao-tro-xa-hoi.xlsx")
	if err := sample.EditPart(src, mac, "xl/workbook.xml", func(b []byte) []byte {
		return bytes.Replace(b, []byte("<workbookPr "), []byte(`<workbookPr date1904="1" `), 1)
	}); err != nil {
		t.Fatal(err)
	}
	// the date-formatted cells (styles 3 and 4 of the generated file)
	dates := regexp.MustCompile(`(<c r="[A-Z]+[0-9]+" s="[34]"><v>)([0-9]+)(</v>)`)
	shifted := 0
	got, fs := edited(t, c, reg, mac, sheetPart, func(b []byte) []byte {
		return dates.ReplaceAllFunc(b, func(m []byte) []byte {
			p := dates.FindSubmatch(m)
			n, _ := strconv.Atoi(string(p[2]))
			shifted++
			return []byte(string(p[1]) + strconv.Itoa(n-1462) + string(p[3]))
		})
	})
	if shifted < 10 {
		t.Fatalf("only %d dates shifted", shifted)
	}
	if fs.Count(finding.Error) > 0 {
		t.Fatalf("findings %v", fs)
	}
	if !reflect.DeepEqual(values(got), values(want)) {
		for i := range want {
			if i < len(got) && !reflect.DeepEqual(got[i].Values, want[i].Values) {
				t.Fatalf("row %d:\n got %v\nwant %v", want[i].Row, got[i].Values, want[i].Values)
			}
		}
		t.Fatalf("%d records, want %d", len(got), len(want))
	}
}

// mergeRuns merges every run of equal shared-string cells down column
// col, as Excel stores a merge: the value in the first cell, the others
// empty, a <mergeCell> after the rows. It returns the edit and how many
// runs it merged.
func mergeRuns(col string, from int, runs *int) func([]byte) []byte {
	cellRE := regexp.MustCompile(`<c r="` + col + `([0-9]+)"( s="[0-9]+")? t="s"><v>([0-9]+)</v></c>`)
	return func(b []byte) []byte {
		type cellAt struct {
			row        int
			val        string
			start, end int
		}
		var cells []cellAt
		for _, m := range cellRE.FindAllSubmatchIndex(b, -1) {
			n, _ := strconv.Atoi(string(b[m[2]:m[3]]))
			if n >= from {
				cells = append(cells, cellAt{n, string(b[m[6]:m[7]]), m[0], m[1]})
			}
		}
		var merges []string
		blank := map[int]bool{} // cells to empty, by start offset
		for i := 0; i < len(cells); {
			j := i
			for j+1 < len(cells) && cells[j+1].val == cells[i].val && cells[j+1].row == cells[j].row+1 {
				j++
			}
			if j > i {
				merges = append(merges, fmt.Sprintf(`<mergeCell ref="%s%d:%s%d"/>`, col, cells[i].row, col, cells[j].row))
				for k := i + 1; k <= j; k++ {
					blank[cells[k].start] = true
				}
			}
			i = j + 1
		}
		*runs = len(merges)
		var out bytes.Buffer
		last := 0
		for _, c := range cells {
			if blank[c.start] {
				out.Write(b[last:c.start])
				fmt.Fprintf(&out, `<c r="%s%d"/>`, col, c.row)
				last = c.end
			}
		}
		out.Write(b[last:])
		b = out.Bytes()
		if i := bytes.Index(b, []byte("</mergeCells>")); i >= 0 {
			return slices.Concat(b[:i], []byte(strings.Join(merges, "")), b[i:])
		}
		i := bytes.Index(b, []byte("</sheetData>")) + len("</sheetData>")
		return slices.Concat(b[:i], []byte("<mergeCells>"+strings.Join(merges, "")+"</mergeCells>"), b[i:])
	}
}

// TestMergedDataCells merges runs of equal values down a column of the
// data: each value applies to every row its merge spans, with one info
// finding per merged range; a merge in the header stays as it was.
func TestMergedDataCells(t *testing.T) {
	for _, tt := range []struct{ file, col string }{
		{"bao-tro-xa-hoi.xlsx", "E"}, // Giới tính
		{"hoat-dong.xlsx", "D"},      // Dịp
	} {
		t.Run(tt.file, func(t *testing.T) {
			c, reg, src, want := sampleBook(t, tt.file)
			runs := 0
			got, fs := edited(t, c, reg, src, sheetPart, mergeRuns(tt.col, want[0].Row, &runs))
			if runs < 3 {
				t.Fatalf("only %d runs merged", runs)
			}
			if fs.Count(finding.Error) > 0 {
				t.Fatalf("findings %v", fs)
			}
			if !reflect.DeepEqual(values(got), values(want)) {
				for i := range want {
					if i < len(got) && !reflect.DeepEqual(got[i].Values, want[i].Values) {
						t.Fatalf("row %d:\n got %v\nwant %v", want[i].Row, got[i].Values, want[i].Values)
					}
				}
				t.Fatalf("%d records, want %d", len(got), len(want))
			}
			said := 0
			for _, f := range fs {
				if f.Level == finding.Info && strings.Contains(f.Message, "gộp") && strings.HasPrefix(f.Cell, tt.col) {
					said++
				}
			}
			if said != runs {
				t.Errorf("%d info findings about merges, want %d: %v", said, runs, fs)
			}
		})
	}
}

// TestCellKinds rewrites one cell of the activity register at a time: a
// boolean in a number column, error values of any text, a formula never
// computed. Each is one error finding at its cell, never a figure.
func TestCellKinds(t *testing.T) {
	c, reg, src, want := sampleBook(t, "hoat-dong.xlsx")
	cellRE := func(ref string) *regexp.Regexp {
		return regexp.MustCompile(`<c r="` + ref + `"( s="[0-9]+")?( t="[a-z]+")?><v>[^<]*</v></c>`)
	}
	tests := []struct {
		name, ref, cell, want string // want "" for no finding
	}{
		{"boolean in a number column", "G6", `<c r="G6" t="b"><v>1</v></c>`, "đúng/sai"},
		{"boolean in a money column", "H6", `<c r="H6" t="b"><v>0</v></c>`, "đúng/sai"},
		{"error value in a text column", "E6", `<c r="E6" t="e"><v>#BLOCKED!</v></c>`, "#BLOCKED!"},
		{"unusual error value in a money column", "H7", `<c r="H7" t="e"><v>#CALC!</v></c>`, "#CALC!"},
		{"formula never computed", "G8", `<c r="G8"><f>1+0</f></c>`, "ô có công thức chưa được tính — mở và lưu lại tệp bằng Excel hoặc LibreOffice"},
		{"formula never computed, typed string", "E8", `<c r="E8" t="str"><f>"NCC"&amp;"0001"</f></c>`, "chưa được tính"},
		{"formula with its value", "H9", `<c r="H9"><f>150000*2</f><v>300000</v></c>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			got, fs := edited(t, c, reg, src, sheetPart, func(b []byte) []byte {
				return cellRE(tt.ref).ReplaceAllFunc(b, func([]byte) []byte { n++; return []byte(tt.cell) })
			})
			if n != 1 {
				t.Fatalf("%d cells %s replaced", n, tt.ref)
			}
			if len(got) != len(want) {
				t.Errorf("%d records, want %d", len(got), len(want))
			}
			errs := 0
			for _, f := range fs {
				if f.Level != finding.Error {
					continue
				}
				errs++
				if f.Cell != tt.ref || !strings.Contains(f.Message+f.Hint, tt.want) || f.File != "hoat-dong.xlsx" {
					t.Errorf("finding %s: %s (%s)", f.Place(), f.Message, f.Hint)
				}
			}
			if wantErrs := map[bool]int{true: 0, false: 1}[tt.want == ""]; errs != wantErrs {
				t.Errorf("%d errors, want %d: %v", errs, wantErrs, fs)
			}
		})
	}
}

// patchCRC sets the checksum the central directory records for a part to
// a wrong one, as if a byte of it had changed after it was written.
func patchCRC(t *testing.T, path, part string) {
	t.Helper()
	d, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.LastIndex(d, append([]byte(part), 0)[:len(part)])
	cd := bytes.LastIndex(d[:at], []byte("PK\x01\x02"))
	if at < 0 || cd < 0 || at-cd != 46 {
		t.Fatalf("no central directory entry for %s", part)
	}
	crc := binary.LittleEndian.Uint32(d[cd+16:])
	binary.LittleEndian.PutUint32(d[cd+16:], crc^1)
	if err := os.WriteFile(path, d, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedSheets cuts the activity sheet short in several places, and
// spoils the checksum of a sheet too large to be checked before it is
// read, past its signature block: each is one file finding naming the
// file, whatever rows were read before.
func TestDamagedSheets(t *testing.T) {
	c, reg, src, _ := sampleBook(t, "hoat-dong.xlsx")
	cut := func(at func(b []byte) int) func([]byte) []byte {
		return func(b []byte) []byte { return b[:at(b)] }
	}
	tests := []struct {
		name string
		edit func([]byte) []byte
		crc  bool
		want string
	}{
		{"cut at a row boundary", cut(func(b []byte) int { return bytes.Index(b, []byte(`<row r="40"`)) }), false, "cắt cụt"},
		{"cut inside a cell", cut(func(b []byte) int { return bytes.Index(b, []byte(`<row r="40"`)) + 30 }), false, "cắt cụt"},
		{"no </worksheet>", cut(func(b []byte) int { return bytes.LastIndex(b, []byte(`</worksheet>`)) }), false, "cắt cụt"},
		{"only </sheetData> left", cut(func(b []byte) int { return bytes.Index(b, []byte(`</sheetData>`)) + len("</sheetData>") }), false, "cắt cụt"},
		{"a checksum wrong in a sheet over 4 MB", func(b []byte) []byte {
			// blank rows past the signature, more than the parser reads
			// ahead, then a comment to make the part large
			var rows bytes.Buffer
			for n := 1000; n < 5000; n++ {
				fmt.Fprintf(&rows, `<row r="%d"/>`, n)
			}
			i := bytes.LastIndex(b, []byte(`</sheetData>`))
			j := bytes.LastIndex(b, []byte(`</worksheet>`))
			pad := bytes.Repeat([]byte("0123456789abcdef"), (bigSheet+1<<20)/16)
			return slices.Concat(b[:i], rows.Bytes(), b[i:j], []byte("<!--"), pad, []byte("-->"), b[j:])
		}, true, "hỏng"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := filepath.Join(t.TempDir(), "hoat-dong.xlsx")
			if err := sample.EditPart(src, dst, sheetPart, tt.edit); err != nil {
				t.Fatal(err)
			}
			if tt.crc {
				patchCRC(t, dst, sheetPart)
			}
			_, fs := readAll(c, reg, source.File{Path: dst, Name: "hoat-dong.xlsx", Register: reg.Key, Format: "xlsx"})
			n := 0
			for _, f := range fs {
				if f.Code == finding.FileError {
					n++
					if f.File != "hoat-dong.xlsx" || !strings.Contains(f.Message, "hoat-dong.xlsx") || !strings.Contains(f.Message, tt.want) || f.Hint == "" {
						t.Errorf("finding %s: %s (%s)", f.Place(), f.Message, f.Hint)
					}
				}
			}
			if n != 1 {
				t.Errorf("%d file findings, want 1: %v", n, fs)
			}
		})
	}
}
