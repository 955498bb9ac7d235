package pipeline

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files from this run")

// TestFindingsGolden: the findings workbook for the five mistakes clerks
// make most (text in a number, a misspelt value, a date that does not
// exist, an id typed twice, a column renamed), each made in the sample's
// registers, dumped cell by cell. Read the golden file aloud: every line
// must be one a clerk can act on.
func TestFindingsGolden(t *testing.T) {
	in := sampleRegisters(t, nil)
	set := func(file string, cells map[string]string) {
		wb, err := excelize.OpenFile(filepath.Join(in, file))
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		for cell, v := range cells {
			if err := wb.SetCellStr("DS", cell, v); err != nil {
				t.Fatal(err)
			}
		}
		if err := wb.Save(); err != nil {
			t.Fatal(err)
		}
	}
	set("ho-ngheo.xlsx", map[string]string{
		"E6": "ba",       // text in a number: Số nhân khẩu
		"G8": "Cận ngèo", // a misspelt value: Phân loại cuối năm
	})
	set("the-bhyt.xlsx", map[string]string{"G6": "31/02/2020"}) // a date that does not exist: Ngày thực hiện
	set("bao-tro-xa-hoi.xlsx", map[string]string{
		"B8": "BT0004",                  // an id typed twice: Mã đối tượng of row 7
		"I3": "Tiền trợ cấp hàng tháng", // a column renamed: Mức trợ cấp (đồng/tháng)
	})
	out := t.TempDir()
	j := &Job{ConfigPath: "../data/config.yaml", InputDir: in, OutputDir: out, ValidateOnly: true}
	if err := Run(context.Background(), j); err != nil {
		t.Fatal(err)
	}
	wb, err := excelize.OpenFile(filepath.Join(out, "2020", "kiem-tra-du-lieu-2020.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	var b strings.Builder
	for _, sheet := range wb.GetSheetList() {
		b.WriteString("== " + sheet + "\n")
		rows, _ := wb.GetRows(sheet)
		for _, r := range rows {
			for len(r) > 0 && r[len(r)-1] == "" {
				r = r[:len(r)-1]
			}
			b.WriteString(strings.Join(r, " | ") + "\n")
		}
	}
	if strings.Contains(b.String(), "‹") {
		t.Error("a finding names a form or field the catalogue lacks (‹…›)")
	}
	golden(t, filepath.Join("testdata", "findings-five-mistakes.txt"), b.String())
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./pipeline -run %s -update)", err, t.Name())
	}
	if string(want) != got {
		t.Errorf("%s differs from this run (go test ./pipeline -run %s -update, then read the diff):\n%s", path, t.Name(), got)
	}
}

// TestFollowOnOnce: a register that cannot be read leaves the codes other
// registers refer to it by unfound; that is said once per register and
// column, after the cause, not once per row.
func TestFollowOnOnce(t *testing.T) {
	in := sampleRegisters(t, func(name string, data []byte) []byte {
		if name == "nguoi-co-cong.xlsx" {
			return data[:len(data)/2] // cut short, as a copy interrupted
		}
		return data
	})
	j := &Job{ConfigPath: "../data/config.yaml", InputDir: in, OutputDir: t.TempDir(), ValidateOnly: true}
	if err := Run(context.Background(), j); err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	var said []string
	for _, f := range j.Findings {
		if f.Code == "foreign-key" {
			per[f.Register]++
			said = append(said, f.Error())
			if f.Level.String() == "lỗi" {
				t.Errorf("a consequence counted as an error: %s", f.Error())
			}
		}
	}
	if len(per) == 0 {
		t.Fatal("no reference to the unread register is mentioned")
	}
	for reg, n := range per {
		if n != 1 {
			t.Errorf("%s: %d findings about references, want one:\n%s", reg, n, strings.Join(said, "\n"))
		}
	}
	if !strings.Contains(strings.Join(said, "\n"), "không tìm thấy vì sổ \"Danh sách người có công và thân nhân\" không đọc được") {
		t.Errorf("findings do not say why:\n%s", strings.Join(said, "\n"))
	}
}

// sampleRegisters copies the sample's registers into a new folder, each
// through edit when it is not nil, and returns the folder.
func sampleRegisters(t *testing.T, edit func(name string, data []byte) []byte) string {
	t.Helper()
	in := t.TempDir()
	files, _ := filepath.Glob("../data/*.xlsx")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if edit != nil {
			data = edit(filepath.Base(f), data)
		}
		if err := os.WriteFile(filepath.Join(in, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return in
}
