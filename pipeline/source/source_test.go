package source_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

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

const twoRegisters = "year: 2020\n" + testkit.Document + `registers:
  - {key: ho, title: Hộ, files: [ho-ngheo*], fields: [{key: a, header: A, type: text}]}
  - {key: hd, title: HĐ, files: [hoat-dong*], fields: [{key: a, header: A, type: text}]}
`

// findings returns the findings' texts, one per line, and whether Find
// came back at all within a few seconds (a FIFO must not hang it).
func find(t *testing.T, dir string, o source.Options) ([]source.File, string) {
	t.Helper()
	c, _ := testkit.Config(t, twoRegisters)
	type result struct {
		files []source.File
		fs    finding.List
		err   error
	}
	done := make(chan result, 1)
	go func() {
		files, fs, err := source.FindWith(c, dir, o)
		done <- result{files, fs, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		var b strings.Builder
		for _, f := range r.fs {
			fmt.Fprintf(&b, "%s %s %s\n", f.Level, f.Code, f.Error())
		}
		return r.files, b.String()
	case <-time.After(10 * time.Second):
		t.Fatal("Find hangs")
	}
	return nil, ""
}

func names(files []source.File) string {
	var s []string
	for _, f := range files {
		s = append(s, f.Name)
	}
	return strings.Join(s, " ")
}

// TestFindNotRegular: a FIFO, a folder or a device named like a register
// is never opened for reading; each is a file-error naming it.
func TestFindNotRegular(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "hoat-dong.csv"), []byte("A\nx\n"), 0o644)
	if err := syscall.Mkfifo(filepath.Join(dir, "ho-ngheo.xlsx"), 0o644); err != nil {
		t.Skip("no FIFO here:", err)
	}
	os.Mkdir(filepath.Join(dir, "ho-ngheo-to-2.xlsx"), 0o755)
	os.Symlink("/dev/zero", filepath.Join(dir, "ho-ngheo-to-3.csv"))
	files, fs := find(t, dir, source.Options{})
	if names(files) != "hoat-dong.csv" {
		t.Errorf("files = %s", names(files))
	}
	for _, n := range []string{"ho-ngheo.xlsx", "ho-ngheo-to-2.xlsx", "ho-ngheo-to-3.csv"} {
		if !strings.Contains(fs, "lỗi file-error "+n) || !strings.Contains(fs, "không phải là tệp thường") {
			t.Errorf("no file-error for %s:\n%s", n, fs)
		}
	}
}

// TestFindTooLarge: a file over the size limit is a finding, not read.
func TestFindTooLarge(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "hoat-dong.csv"), []byte("A\nx\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "ho-ngheo.csv"), bytes.Repeat([]byte("A\n"), 600), 0o644)
	files, fs := find(t, dir, source.Options{MaxBytes: 1000})
	if names(files) != "hoat-dong.csv" || !strings.Contains(fs, "lỗi file-error ho-ngheo.csv") || !strings.Contains(fs, "quá giới hạn") {
		t.Errorf("files = %s\n%s", names(files), fs)
	}
}

// TestFindCopies: an identical copy of a register's file is one warning
// naming both, and read once.
func TestFindCopies(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "ho-ngheo.csv"), []byte("A\nx\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "hoat-dong.xlsx"), []byte("same"), 0o644)
	os.WriteFile(filepath.Join(dir, "hoat-dong - Copy.xlsx"), []byte("same"), 0o644)
	os.WriteFile(filepath.Join(dir, "hoat-dong (2).xlsx"), []byte("same"), 0o644)
	files, fs := find(t, dir, source.Options{})
	if names(files) != "ho-ngheo.csv hoat-dong.xlsx" { // the original, by its shortest name
		t.Errorf("files = %s", names(files))
	}
	if strings.Count(fs, "\n") != 1 || !strings.HasPrefix(fs, "cảnh báo duplicate-file") ||
		!strings.Contains(fs, "hoat-dong - Copy.xlsx") || !strings.Contains(fs, "hoat-dong.xlsx") {
		t.Errorf("findings:\n%s", fs)
	}
}

// TestFindStillArriving: a CSV that changes between two looks is still
// being copied, whatever its timestamp says; one that holds still is read
// at once, however new.
func TestFindStillArriving(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "hoat-dong.csv"), []byte("A\nx\n"), 0o644) // written just now, complete
	growing := filepath.Join(dir, "ho-ngheo.csv")
	os.WriteFile(growing, []byte("A\n"), 0o644)
	old := time.Now().Add(-time.Hour)
	stop := make(chan struct{})
	defer close(stop)
	go func() { // a copy that keeps the source's old timestamp
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
			f, _ := os.OpenFile(growing, os.O_APPEND|os.O_WRONLY, 0)
			fmt.Fprintf(f, "row %d\n", i)
			f.Close()
			os.Chtimes(growing, old, old)
		}
	}()
	files, fs := find(t, dir, source.Options{Settle: 200 * time.Millisecond})
	if names(files) != "hoat-dong.csv" || !strings.Contains(fs, "lỗi file-error ho-ngheo.csv") || !strings.Contains(fs, "đang được chép") {
		t.Errorf("files = %s\n%s", names(files), fs)
	}
}

// TestFindKnownSettled: a CSV whose content a published run already read
// whole needs no second look, so an unchanged rerun stays instant.
func TestFindKnownSettled(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "hoat-dong.csv"), []byte("A\nx\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "ho-ngheo.csv"), []byte("A\ny\n"), 0o644)
	files, _ := find(t, dir, source.Options{})
	known := map[string]bool{}
	for _, f := range files {
		known[f.SHA256] = true
	}
	start := time.Now()
	files, fs := find(t, dir, source.Options{Settle: 5 * time.Second, Known: known})
	if took := time.Since(start); took > 2*time.Second || len(files) != 2 {
		t.Errorf("took %v, files %s\n%s", took, names(files), fs)
	}
}
