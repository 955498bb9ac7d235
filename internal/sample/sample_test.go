package sample

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestCommittedDataIsGenerated keeps data/ in step with the generator:
// after a change here, run go run ./cmd/gensample and commit data/.
func TestCommittedDataIsGenerated(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, CuKhoi2020()); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if len(files) != 7 {
		t.Fatalf("%d registers written, want 7", len(files))
	}
	for _, f := range files {
		name := filepath.Base(f)
		got, want := cells(t, f), cells(t, filepath.Join("../../data", name))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("data/%s differs from what the generator writes: run go run ./cmd/gensample", name)
		}
	}
}

func cells(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("DS", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
