package source_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"asxh/internal/testkit"
	"asxh/pipeline/finding"
	"asxh/pipeline/source"
)

func TestFind(t *testing.T) {
	c, dir := testkit.Config(t, "year: 2020\n"+testkit.Document+`registers:
  - {key: ho, title: Hộ, files: [ho-ngheo*], fields: [{key: a, header: A, type: text}]}
  - {key: nct, title: NCT, files: [nguoi-cao-tuoi*], fields: [{key: a, header: A, type: text}]}
  - {key: bt, title: BT, files: [bao-tro*], fields: [{key: a, header: A, type: text}]}
`)
	for _, name := range []string{"HO-NGHEO-to-1.xlsx", "ho-ngheo-to-2.csv", "~$ho-ngheo-to-1.xlsx", "ghi-chu.xlsx", "nguoi-cao-tuoi.xls", "c.yaml", "README.txt"} {
		os.WriteFile(filepath.Join(dir, name), []byte(name), 0o644)
	}
	files, fs, err := source.Find(c, dir, false)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Name+"→"+f.Register+"/"+f.Format)
		if len(f.SHA256) != 64 || f.Size == 0 {
			t.Errorf("%s: sha %q size %d", f.Name, f.SHA256, f.Size)
		}
	}
	if strings.Join(got, " ") != "HO-NGHEO-to-1.xlsx→ho/xlsx ho-ngheo-to-2.csv→ho/csv" {
		t.Errorf("files = %v", got)
	}
	want := map[string]string{"ghi-chu.xlsx": finding.UnclaimedFile, "nguoi-cao-tuoi.xls": finding.FileError, "bt": finding.NoFile,
		"README.txt": finding.UnclaimedFile} // not the configuration c.yaml, nor its template
	for _, f := range fs {
		k := f.File
		if k == "" {
			k = f.Register
		}
		if want[k] != f.Code {
			t.Errorf("unexpected finding %v", f)
		}
		delete(want, k)
	}
	if len(want) > 0 {
		t.Errorf("missing findings for %v", want)
	}
	// With LibreOffice to convert it, the .xls register is read.
	files, fs, _ = source.Find(c, dir, true)
	if len(files) != 3 || files[2].Format != "convert" || files[2].Register != "nct" {
		t.Errorf("with a converter: %+v %v", files, fs)
	}
}
