package read

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"

	"asxh/internal/sample"
	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/source"
)

// TestCSVBrokenQuote: the sample's survey as CSV, with quotes broken the
// ways a hand edit breaks them. Each broken record is one error at its
// row; every other record is read, the same as from the clean file.
func TestCSVBrokenQuote(t *testing.T) {
	c, err := config.Load("../../data/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := sample.Messy(dir, sample.CuKhoi2020(), "csv"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "khao-sat.csv")
	clean, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	reg := c.Register("khao_sat")
	read := func(t *testing.T, data string) (map[int]string, finding.List) {
		p := filepath.Join(t.TempDir(), "khao-sat.csv")
		os.WriteFile(p, []byte(data), 0o644)
		recs, fs := readAll(c, reg, source.File{Path: p, Name: "khao-sat.csv", Register: reg.Key, Format: "csv"})
		byRow := map[int]string{}
		for _, r := range recs {
			byRow[r.Row] = strings.Join(r.Raw, "|")
		}
		return byRow, fs
	}
	want, fs := read(t, string(clean))
	if fs.Count(finding.Error) > 0 || len(want) < 150 {
		t.Fatalf("clean: %d records, %v", len(want), fs)
	}
	lines := strings.SplitAfter(string(clean), "\n")
	tests := []struct {
		name string
		edit map[int]func(string) string // line (1-based) → its new text
	}{
		{"unclosed quote", map[int]func(string) string{10: func(l string) string { return strings.Replace(l, ",", `,"`, 2) }}},
		{"bare quote inside a field", map[int]func(string) string{20: func(l string) string { return strings.Replace(l, " ", ` "Tí" `, 1) }}},
		{"quote closed then text", map[int]func(string) string{30: func(l string) string { return strings.Replace(l, ",", `,"P"x`, 1) }}},
		{"two broken, far apart", map[int]func(string) string{
			12:  func(l string) string { return strings.Replace(l, ",", `,"`, 1) },
			150: func(l string) string { return strings.Replace(l, ",", `,"`, 1) }}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edited := append([]string(nil), lines...)
			for n, f := range tt.edit {
				edited[n-1] = f(edited[n-1])
			}
			got, fs := read(t, strings.Join(edited, ""))
			var errs []int
			for _, f := range fs {
				if f.Level == finding.Error {
					errs = append(errs, f.Row)
					if f.File != "khao-sat.csv" || !strings.Contains(f.Message, "dấu nháy kép") || f.Hint == "" {
						t.Errorf("finding %+v", f)
					}
				}
			}
			if len(errs) != len(tt.edit) {
				t.Fatalf("errors at rows %v, want one per broken line %v\n%v", errs, tt.edit, fs)
			}
			for _, row := range errs {
				if tt.edit[row] == nil {
					t.Errorf("error at row %d, not at a broken line", row)
				}
			}
			for row, rec := range want {
				if tt.edit[row] != nil {
					continue
				}
				if got[row] != rec {
					t.Errorf("row %d = %q, want %q", row, got[row], rec)
				}
			}
			if len(got) != len(want)-len(tt.edit) {
				t.Errorf("%d records, want %d", len(got), len(want)-len(tt.edit))
			}
		})
	}
}

func FuzzCSV(f *testing.F) {
	f.Add("STT,Mã hộ\n1,\"H1\n2,H2\n")
	f.Add("a;b\n\"x\"y;z\n")
	f.Add("\"\"\"\n\"")
	f.Fuzz(func(t *testing.T, s string) {
		p := filepath.Join(t.TempDir(), "f.csv")
		os.WriteFile(p, []byte(s), 0o644)
		c, err := openCSV(p)
		if err != nil {
			return
		}
		last := 0
		for c.Next() {
			n, _ := c.Row()
			if n <= last {
				t.Fatalf("row %d after %d", n, last)
			}
			last = n
		}
		if len(c.recs)+len(c.problems) == 0 && strings.TrimSpace(s) != "" && !strings.ContainsAny(s, "\n\r") {
			t.Fatalf("%q: nothing read and nothing said", s)
		}
	})
}

// TestCSVSeparatorsAndEncodings: the survey saved the ways Excel saves a
// CSV — under a Vietnamese locale with ";" (its list separator, as the
// decimal mark is ","), as "Unicode Text" (UTF-16 with tabs), UTF-16 with
// commas — above it a title with a comma in its text. Every one reads as
// the clean file.
func TestCSVSeparatorsAndEncodings(t *testing.T) {
	c, err := config.Load("../../data/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := sample.Messy(dir, sample.CuKhoi2020(), "csv"); err != nil {
		t.Fatal(err)
	}
	clean, err := os.ReadFile(filepath.Join(dir, "khao-sat.csv"))
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(clean, []byte("\xef\xbb\xbf"))))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	recs = append([][]string{{"DANH SÁCH KHẢO SÁT, NĂM 2020"}}, recs...)
	reg := c.Register("khao_sat")
	read := func(t *testing.T, data []byte) ([]string, finding.List) {
		p := filepath.Join(t.TempDir(), "khao-sat.csv")
		os.WriteFile(p, data, 0o644)
		got, fs := readAll(c, reg, source.File{Path: p, Name: "khao-sat.csv", Register: reg.Key, Format: "csv"})
		var rows []string
		for _, r := range got {
			rows = append(rows, strings.Join(r.Raw, "|"))
		}
		return rows, fs
	}
	write := func(sep rune, utf16 bool) []byte {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Comma = sep
		w.WriteAll(recs)
		if !utf16 {
			return b.Bytes()
		}
		out, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(b.Bytes())
		return out
	}
	want, fs := read(t, write(',', false))
	if fs.Count(finding.Error) > 0 || len(want) < 150 {
		t.Fatalf("comma: %d records, %v", len(want), fs)
	}
	tests := []struct {
		name  string
		sep   rune
		utf16 bool
	}{
		{"semicolon", ';', false},
		{"tab", '\t', false},
		{"UTF-16, tab", '\t', true},
		{"UTF-16, comma", ',', true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, fs := read(t, write(tt.sep, tt.utf16))
			if fs.Count(finding.Error) > 0 {
				t.Fatalf("findings: %v", fs)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%d records differ from the comma file's %d", len(got), len(want))
			}
		})
	}
}
