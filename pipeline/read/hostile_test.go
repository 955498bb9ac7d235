package read

import (
	"bytes"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
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
