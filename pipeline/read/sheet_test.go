package read

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"asxh/internal/sample"
	"asxh/pipeline/vn"
)

// rowsOf reads every row of a workbook's chosen sheet with one reader,
// leaving it open for font lookups.
func rowsOf(t *testing.T, rs rows) map[int][]string {
	t.Helper()
	out := map[int][]string{}
	for rs.Next() {
		n, cells := rs.Row()
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) > 0 {
			out[n] = append([]string(nil), cells...)
		}
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFastSheetMatchesExcelize reads the whole test corpus with the fast
// reader and with excelize, and wants the same cells, the same sheet and
// the same fonts.
func TestFastSheetMatchesExcelize(t *testing.T) {
	var books []string
	data, _ := filepath.Glob("../../data/*.xlsx")
	books = append(books, data...)
	corpus := t.TempDir()
	for _, v := range sample.Variants {
		dir := filepath.Join(corpus, v)
		os.MkdirAll(dir, 0o755)
		if err := sample.Messy(dir, sample.CuKhoi2020(), v); err != nil {
			t.Fatal(err)
		}
		more, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
		books = append(books, more...)
	}
	dir := t.TempDir()
	for i, s := range []sheet{
		{rows: [][]any{{"a & b < c", "x\ny", 1.5, -3, true, "_x000D_ thừa"}, {}, {nil, "ô cách"}}, merges: [][2]string{{"A1", "B1"}}},
		{hidden: true, rows: [][]any{{"Mã hộ"}, {"H1"}}},
	} {
		books = append(books, writeXLSX(t, dir, filepath.Base(t.Name())+string(rune('a'+i))+".xlsx", s).Path)
	}
	// and every register as LibreOffice saves it
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice is needed: apt-get install -y libreoffice-calc-nogui")
	}
	lo := t.TempDir()
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(lo, "p"), "--headless", "--convert-to", "xlsx", "--outdir", lo}, data...)
	if b, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	resaved, _ := filepath.Glob(filepath.Join(lo, "*.xlsx"))
	books = append(books, resaved...)
	if len(books) < 50 {
		t.Fatalf("corpus of %d books", len(books))
	}
	for _, b := range books {
		fast, fastName, err := openFastXLSX(b, "")
		if err != nil {
			t.Fatalf("%s: fast: %v", b, err)
		}
		ref, refName, err := openXLSX(b, "")
		if err != nil {
			t.Fatalf("%s: excelize: %v", b, err)
		}
		if fastName != refName {
			t.Errorf("%s: sheet %q, excelize %q", b, fastName, refName)
		}
		got, want := rowsOf(t, fast), rowsOf(t, ref)
		for _, c := range [][2]int{{1, 4}, {3, 4}, {3, 5}, {2, 1}} {
			// what matters of a font is the encoding it implies
			f, r := fast.Font(c[0], c[1]), ref.Font(c[0], c[1])
			if fl, _ := vn.FontLegacy(f); fl != func() vn.Legacy { l, _ := vn.FontLegacy(r); return l }() {
				t.Errorf("%s: font of (%d,%d) %q, excelize %q", b, c[0], c[1], f, r)
			}
		}
		fast.Close()
		ref.Close()
		if !reflect.DeepEqual(got, want) {
			for n, w := range want {
				if !reflect.DeepEqual(got[n], w) {
					t.Errorf("%s row %d:\n fast     %q\n excelize %q", b, n, got[n], w)
					break
				}
			}
			if len(got) != len(want) {
				t.Errorf("%s: %d rows, excelize %d", b, len(got), len(want))
			}
		}
	}
}

func BenchmarkFastSheet(b *testing.B) {
	for b.Loop() {
		rs, _, err := openFastXLSX("../../data/nguoi-cao-tuoi.xlsx", "")
		if err != nil {
			b.Fatal(err)
		}
		for rs.Next() {
		}
		rs.Close()
	}
}

func BenchmarkExcelizeSheet(b *testing.B) {
	for b.Loop() {
		rs, _, err := openXLSX("../../data/nguoi-cao-tuoi.xlsx", "")
		if err != nil {
			b.Fatal(err)
		}
		for rs.Next() {
		}
		rs.Close()
	}
}
