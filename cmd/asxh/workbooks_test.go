package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// python is Debian's Python, which has python3-openpyxl (scripts/test
// installs it); the python3 on a developer's PATH may not.
const python = "/usr/bin/python3"

// TestEveryWorkbookOpens opens every workbook the project ships (data/)
// and every kind asxh writes — the working copy, the findings, a clerk's
// marked copy, the blank registers, a district's roll-up — with openpyxl,
// as pandas.read_excel does: every colour must be ARGB (excelize writes a
// border without a colour as rgb="FF", which openpyxl refuses), and every
// sheet asxh makes must carry its print setup.
func TestEveryWorkbookOpens(t *testing.T) {
	if out, err := exec.Command(python, "-c", "import openpyxl").CombinedOutput(); err != nil {
		t.Fatalf("%s with openpyxl is needed: apt-get install -y python3-openpyxl (%v: %s)", python, err, out)
	}
	shipped, _ := filepath.Glob("../../data/*.xlsx")
	if len(shipped) == 0 {
		t.Fatal("no workbook in data/")
	}

	out := t.TempDir()
	if code, stderr := asxh(t, "run", "--out", out); code != 0 {
		t.Fatalf("asxh run: exit %d\n%s", code, stderr)
	}
	// a clerk's error: the findings and the marked copy of the data's errors
	in := copyData(t)
	f, err := excelize.OpenFile(filepath.Join(in, "ho-ngheo.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("DS", "E6", "ba")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	spoiled := t.TempDir()
	if code, stderr := asxh(t, "run", "--input", in, "--out", spoiled); code != 1 {
		t.Fatalf("run on a spoiled register: exit %d, want 1\n%s", code, stderr)
	}
	blank := t.TempDir()
	if code, stderr := asxh(t, "init", "--out", blank); code != 0 {
		t.Fatalf("asxh init: exit %d\n%s", code, stderr)
	}
	district := t.TempDir()
	if code, stderr := asxh(t, "rollup", "--out", district, filepath.Join(out, "2020")); code != 0 {
		t.Fatalf("asxh rollup: exit %d\n%s", code, stderr)
	}

	var made []string
	for _, pattern := range []string{filepath.Join(out, "2020", "*.xlsx"), filepath.Join(spoiled, "2020", "*.xlsx"),
		filepath.Join(blank, "*.xlsx"), filepath.Join(district, "2020", "*.xlsx")} {
		files, _ := filepath.Glob(pattern)
		made = append(made, files...)
	}
	marked, _ := filepath.Glob(filepath.Join(spoiled, "2020", "sua-loi", "*.xlsx"))
	// report, findings; findings; seven registers; the district's report
	if len(made) != 2+1+7+1 || len(marked) != 1 {
		t.Fatalf("workbooks written: %v and marked %v", made, marked)
	}
	// The marked copy is the clerk's own workbook: its colours are checked,
	// its print setup is the clerk's.
	args := append([]string{"testdata/check_workbooks.py"}, shipped...)
	args = append(args, marked...)
	args = append(append(args, "--print"), made...)
	cmd := exec.Command(python, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	problems, err := cmd.Output()
	if err != nil {
		t.Fatalf("check_workbooks.py: %v\n%s", err, stderr.String())
	}
	for _, p := range strings.Split(strings.TrimSpace(string(problems)), "\n") {
		if p != "" {
			t.Error(p)
		}
	}
}

// TestWorkbookGolden keeps the working copy's text, formulas and print
// setup, sheet by sheet, in testdata/ (go test -update rewrites it): what
// an accountant sees and prints.
func TestWorkbookGolden(t *testing.T) {
	out := t.TempDir()
	if code, stderr := asxh(t, "run", "--out", out); code != 0 {
		t.Fatalf("asxh run: exit %d\n%s", code, stderr)
	}
	golden(t, "testdata/bao-cao-an-sinh-xa-hoi-2020.xlsx.txt", workbookText(t, filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.xlsx")))
}

// listingRows is how many rows of a long listing the golden text keeps.
const listingRows = 12

// workbookText writes a workbook as text: per sheet its print setup, then
// each row's cells as shown, a formula as "=FORMULA → shown".
func workbookText(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	titles := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Titles" {
			titles[d.Scope] = d.RefersTo
		}
	}
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		pl, _ := f.GetPageLayout(sh)
		hf, _ := f.GetHeaderFooter(sh)
		fmt.Fprintf(&b, "=== %s: paper %v %v, fit %v×%v, titles %s, footer %q\n", sh, deref(pl.Size), deref(pl.Orientation),
			deref(pl.FitToWidth), deref(pl.FitToHeight), titles[sh], hf.OddFooter)
		cols, _ := f.GetCols(sh)
		var widths []string
		for i := range cols {
			name, _ := excelize.ColumnNumberToName(i + 1)
			w, _ := f.GetColWidth(sh, name)
			widths = append(widths, fmt.Sprintf("%s %.1f", name, w))
		}
		fmt.Fprintf(&b, "widths: %s\n", strings.Join(widths, ", "))
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			if i > listingRows && len(rows) > 3*listingRows {
				fmt.Fprintf(&b, "… %d rows in all\n", len(rows))
				break
			}
			cells := slices.Clone(r)
			for j := range cells {
				ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if fm, _ := f.GetCellFormula(sh, ref); fm != "" {
					cells[j] = "=" + fm + " → " + cells[j]
				}
			}
			fmt.Fprintf(&b, "%d: %s\n", i+1, strings.Join(cells, " | "))
		}
	}
	return unversioned(b.String())
}

// unversioned blanks what depends on the build and the configuration's
// bytes, not on the report: the version and the configuration's hash.
func unversioned(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		for _, label := range []string{"Phiên bản asxh", "Cấu hình (SHA-256)"} {
			if k := strings.Index(l, label); k >= 0 {
				lines[i] = l[:k] + label + " | | (…)"
			}
		}
	}
	return strings.Join(lines, "\n")
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
