package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"asxh/internal/sample"
	"asxh/internal/testkit"
)

// TestDetailsAtScale runs the report over a ward of 200,000 social
// protection rows, with sheets of 150,000 rows so that Chi tiết goes on
// over several: together the detail sheets list every reference each
// figure counted exactly once (as many times as the figure counted it),
// every record some figure counted appears, and LibreOffice opens the
// workbook. At a million rows the one Chi tiết sheet passed Excel's limit
// and the run failed.
func TestDetailsAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("200,000 rows")
	}
	in, out := t.TempDir(), t.TempDir()
	if err := sample.Write(in, sample.Large(200_000)); err != nil {
		t.Fatal(err)
	}
	const sheetRows = 150_000
	j := &Job{ConfigPath: "../data/config.yaml", InputDir: in, OutputDir: out, SheetRows: sheetRows}
	if err := Run(context.Background(), j); err != nil || j.DataErrors() {
		t.Fatal(err, j.Findings)
	}
	// What the figures counted, as "key file sheet row" → times.
	want := map[string]int{}
	counted := map[string]bool{} // "file sheet row" of every counted record
	total := 0
	for _, f := range j.Figures.Figures {
		for r := range f.Sources.All() {
			want[fmt.Sprintf("%s\t%s\t%s\t%d", f.Key, r.File, r.Sheet, r.Row)]++
			counted[fmt.Sprintf("%s\t%s\t%d", r.File, r.Sheet, r.Row)] = true
			total++
		}
	}
	records := 0
	for _, n := range j.Figures.Counted {
		records += n
	}
	if len(counted) != records || records < 200_000 {
		t.Fatalf("the figures' references name %d records; %d were counted", len(counted), records)
	}
	book := filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.xlsx")
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var sheets []string
	for _, sh := range f.GetSheetList() {
		if sh == "Chi tiết" || strings.HasPrefix(sh, "Chi tiết (") {
			sheets = append(sheets, sh)
		}
	}
	if n := (total + sheetRows - 2) / (sheetRows - 1); len(sheets) != n || n < 2 {
		t.Fatalf("%d detail rows on sheets %v, want %d sheets", total, sheets, n)
	}
	got := 0
	for _, sh := range sheets {
		rows, err := f.Rows(sh)
		if err != nil {
			t.Fatal(err)
		}
		first := true
		for rows.Next() {
			r, err := rows.Columns()
			if err != nil {
				t.Fatal(err)
			}
			if first {
				if first = false; len(r) < 7 || r[0] != "Chỉ tiêu" || r[5] != "Dòng" {
					t.Errorf("%s: header %v", sh, r)
				}
				continue
			}
			if len(r) < 6 {
				t.Fatalf("%s: row %v", sh, r)
			}
			row, _ := strconv.Atoi(r[5])
			k := fmt.Sprintf("%s\t%s\t%s\t%d", r[1], r[3], r[4], row)
			if want[k]--; want[k] < 0 {
				t.Fatalf("%s lists %q more times than it was counted", sh, k)
			}
			got++
		}
		rows.Close()
	}
	if got != total {
		t.Errorf("the detail sheets list %d references; the figures counted %d", got, total)
	}
	if s := testkit.CSV(t, book); !strings.Contains(s, "«Chi tiết (2)»") || !strings.Contains(s, "Tổng tiền trợ cấp") {
		t.Errorf("LibreOffice's first sheet does not show the summary and where Chi tiết continues:\n%s", s)
	}
}
