package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// edit changes cells of a register copied into in: each function gets the
// register's rows (as GetRows gives them) and returns cell → new text.
func edit(t *testing.T, in, file string, f func(rows [][]string) map[string]string) map[string]string {
	t.Helper()
	wb, err := excelize.OpenFile(filepath.Join(in, file))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, _ := wb.GetRows("DS")
	cells := f(rows)
	for cell, v := range cells {
		if err := wb.SetCellStr("DS", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := wb.Save(); err != nil {
		t.Fatal(err)
	}
	return cells
}

// findingsAt returns the findings workbook's rows by file!cell.
func findingsAt(t *testing.T, out string) map[string][]string {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join(out, "2020", "kiem-tra-du-lieu-2020.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Kiểm tra dữ liệu")
	at := map[string][]string{}
	for _, r := range rows[1:] {
		for len(r) < 11 {
			r = append(r, "")
		}
		place := r[3] + "!" + r[5]
		if r[5] == "" {
			place = r[3] + "!" + r[6]
		}
		at[place] = append(at[place], r[0]+" "+r[9])
	}
	return at
}

// TestValuesAsClerksTypeThem: the sample's registers with money, dates and
// codes typed the ways clerks type them give the sample's figures, exit 0,
// each reading an info finding at its cell.
func TestValuesAsClerksTypeThem(t *testing.T) {
	clean := t.TempDir()
	if code, stderr := asxh(t, "run", "--out", clean); code != 0 {
		t.Fatalf("clean run: exit %d\n%s", code, stderr)
	}
	want := summary(t, filepath.Join(clean, "2020", "bao-cao-an-sinh-xa-hoi-2020.xlsx"))
	in := copyData(t)
	money := edit(t, in, "bao-tro-xa-hoi.xlsx", func(rows [][]string) map[string]string {
		// Mức trợ cấp (I) typed from Hệ số (H): English grouping, "triệu",
		// "tr", a product; a whole-year Ngày hưởng (J) before the report year.
		forms := []func(int) string{
			func(v int) string { return fmt.Sprintf("%d,%03d", v/1000, v%1000) },
			func(v int) string { return strings.Replace(fmt.Sprintf("%g triệu", float64(v)/1e6), ".", ",", 1) },
			func(v int) string { return strings.Replace(fmt.Sprintf("%gtr", float64(v)/1e6), ".", ",", 1) },
		}
		cells := map[string]string{}
		n := 0
		for i, r := range rows {
			if len(r) < 9 || !strings.HasPrefix(r[1], "BT") {
				continue
			}
			var v int
			fmt.Sscan(r[8], &v)
			switch {
			case r[7] == "1.5" && cells["product"] == "":
				cells["product"] = "x"
				cells[fmt.Sprintf("I%d", i+1)] = "350.000 x 1,5"
			case r[7] == "1" && n < len(forms) && v == 350000:
				cells[fmt.Sprintf("I%d", i+1)] = forms[n](v)
				n++
			}
		}
		delete(cells, "product")
		if len(cells) != 4 {
			t.Fatalf("edited %v", cells)
		}
		return cells
	})
	dates := edit(t, in, "nguoi-cao-tuoi.xlsx", func(rows [][]string) map[string]string {
		// Ngày mất (G) in the report year (shown mm-dd-yy) typed as the
		// year alone, and as its month; a birth year in words.
		cells := map[string]string{}
		for i, r := range rows {
			if len(r) < 7 || !strings.HasPrefix(r[1], "NCT") || !strings.HasSuffix(r[6], "-20") {
				continue
			}
			switch len(cells) {
			case 0:
				cells[fmt.Sprintf("G%d", i+1)] = "2020"
			case 1:
				cells[fmt.Sprintf("G%d", i+1)] = "tháng " + strings.TrimLeft(r[6][:2], "0") + "/2020"
			}
		}
		for i, r := range rows {
			if len(r) > 3 && r[3] == "1950" && len(cells) == 2 {
				cells[fmt.Sprintf("D%d", i+1)] = "năm 1950"
			}
		}
		if len(cells) != 3 {
			t.Fatalf("edited %v", cells)
		}
		return cells
	})
	out := t.TempDir()
	code, stderr := asxh(t, "run", "--input", in, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	got := summary(t, filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.xlsx"))
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	at := findingsAt(t, out)
	for file, cells := range map[string]map[string]string{"bao-tro-xa-hoi.xlsx": money, "nguoi-cao-tuoi.xlsx": dates} {
		for cell, v := range cells {
			if fs := at[file+"!"+cell]; len(fs) != 1 || !strings.HasPrefix(fs[0], "thông tin ") {
				t.Errorf("%s!%s (%q): findings %v, want one info", file, cell, v, fs)
			}
		}
	}
}

// TestCharactersThePDFCannotDraw: an emoji in a name the report lists, in
// a tổ the appendix groups by, and in a vars text of the configuration:
// the report is published with a substitute, each a warning at its place.
func TestCharactersThePDFCannotDraw(t *testing.T) {
	in := copyData(t)
	cells := edit(t, in, "hoat-dong.xlsx", func(rows [][]string) map[string]string {
		for i, r := range rows {
			if len(r) > 5 && r[2] == "Xây nhà" {
				return map[string]string{fmt.Sprintf("F%d", i+1): r[5] + " 😀"}
			}
		}
		t.Fatal("no Xây nhà row")
		return nil
	})
	tdp := edit(t, in, "nguoi-cao-tuoi.xlsx", func(rows [][]string) map[string]string {
		for i, r := range rows {
			if len(r) > 5 && strings.HasPrefix(r[1], "NCT") && r[3] == "1940" {
				return map[string]string{fmt.Sprintf("F%d", i+1): r[5] + " 𠀋"}
			}
		}
		t.Fatal("no one born in 1940")
		return nil
	})
	cfgText, err := os.ReadFile("../../data/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("../../templates")
	cfg := strings.Replace(string(cfgText), "../templates/", abs+"/", 1)
	cfg = strings.Replace(cfg, "năm cuối thực", "năm cuối 🌸 thực", 1)
	cfgPath := filepath.Join(in, "config.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	code, stderr := asxh(t, "run", "--config", cfgPath, "--input", in, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	text := flat(pdfText(t, filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.pdf"), false))
	for _, want := range []string{"năm cuối □ thực", "Hoàng Văn Khải □", " □"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	if strings.ContainsAny(text, "😀𠀋🌸") {
		t.Error("PDF holds a character its font has not")
	}
	at := findingsAt(t, out)
	for file, cs := range map[string]map[string]string{"hoat-dong.xlsx": cells, "nguoi-cao-tuoi.xlsx": tdp} {
		for cell := range cs {
			if fs := at[file+"!"+cell]; len(fs) != 1 || !strings.HasPrefix(fs[0], "cảnh báo ") || !strings.Contains(fs[0], "□") {
				t.Errorf("%s!%s: findings %v, want one warning", file, cell, fs)
			}
		}
	}
	line := strings.Count(cfg[:strings.Index(cfg, "🌸")], "\n") + 1
	if fs := at[fmt.Sprintf("config.yaml!%d", line)]; len(fs) != 1 || !strings.Contains(fs[0], "U+1F338") {
		t.Errorf("config.yaml line %d: findings %v, want one warning", line, fs)
	}
}
