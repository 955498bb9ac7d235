package sample

import (
	"archive/zip"
	"bytes"
	"io"
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

// TestBomb checks the bomb is what it says: a valid part, of the size
// asked, ending as the original did.
func TestBomb(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, CuKhoi2020()); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "bomb.xlsx")
	const size = 50 << 20
	if err := Bomb(filepath.Join(dir, "ho-ngheo.xlsx"), dst, "xl/worksheets/sheet1.xml", size); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc) // checks the CRC and the size
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(data) < size-(2<<20) || !bytes.HasSuffix(data, []byte("</worksheet>")) || f.CompressedSize64 > size/100 {
			t.Errorf("inflated %d from %d, ends %q", len(data), f.CompressedSize64, data[len(data)-20:])
		}
	}
}
