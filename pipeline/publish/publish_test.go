package publish

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out", "2020")
	if err := Write(dir, []File{{"a.pdf", []byte("one")}, {"b.xlsx", []byte("two")}}); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, []File{{"a.pdf", []byte("three")}}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("folder holds %d entries, want 2 and no temporary files", len(entries))
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.pdf")); string(b) != "three" {
		t.Errorf("a.pdf = %q", b)
	}
}

func TestWriteUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if err := Write(filepath.Join(file, "2020"), []File{{"a", nil}}); err == nil {
		t.Error("writing under a file did not fail")
	}
}

func TestRelease(t *testing.T) {
	root := t.TempDir()
	// an older version left a plain folder: it becomes the first release
	os.MkdirAll(filepath.Join(root, "2020"), 0o755)
	os.WriteFile(filepath.Join(root, "2020", "report.pdf"), []byte("old report"), 0o644)
	keepReport := func(name string) bool { return name == "report.pdf" }
	if err := Release(root, "2020", []File{{"findings.xlsx", []byte("f1")}, {"sua-loi/a.xlsx", []byte("a")}}, keepReport); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(root, "2020", name))
		if err != nil {
			return "<none>"
		}
		return string(b)
	}
	if read("report.pdf") != "old report" || read("findings.xlsx") != "f1" || read("sua-loi/a.xlsx") != "a" {
		t.Errorf("after the first release: %q %q %q", read("report.pdf"), read("findings.xlsx"), read("sua-loi/a.xlsx"))
	}
	if err := Release(root, "2020", []File{{"report.pdf", []byte("new report")}, {"findings.xlsx", []byte("f2")}}, nil); err != nil {
		t.Fatal(err)
	}
	if read("report.pdf") != "new report" || read("sua-loi/a.xlsx") != "<none>" {
		t.Errorf("after the second release: %q %q", read("report.pdf"), read("sua-loi/a.xlsx"))
	}
	for range 3 {
		Release(root, "2020", []File{{"x", nil}}, nil)
	}
	if es, _ := os.ReadDir(filepath.Join(root, ReleasesDir)); len(es) != 2 {
		t.Errorf("%d releases kept, want 2", len(es))
	}
	if st, _ := os.Lstat(filepath.Join(root, "2020")); st.Mode()&os.ModeSymlink == 0 {
		t.Error("the year's folder is not a link to its release")
	}
}

func TestLock(t *testing.T) {
	root := t.TempDir()
	a, err := Acquire(root, "pid 1, bắt đầu lúc 01:30")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(root, "pid 2")
	var locked *ErrLocked
	if !errors.As(err, &locked) || locked.Holder != "pid 1, bắt đầu lúc 01:30" {
		t.Fatalf("second acquire: %v", err)
	}
	a.Release()
	b, err := Acquire(root, "pid 2")
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	b.Release()
}

// TestReleaseCarriesOnlyFiles: a link planted in the current release is
// not carried into the next one, where it would show a stranger's file as
// the report.
func TestReleaseCarriesOnlyFiles(t *testing.T) {
	root := t.TempDir()
	if err := Release(root, "2020", []File{{"report.pdf", []byte("report")}}, nil); err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(victim, []byte("secret"), 0o644)
	os.Symlink(victim, filepath.Join(root, "2020", "old.pdf"))
	keepAll := func(string) bool { return true }
	if err := Release(root, "2020", []File{{"findings.xlsx", nil}}, keepAll); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(root, "2020", "old.pdf")); err == nil {
		t.Error("a planted link was carried into the new release")
	}
	if b, _ := os.ReadFile(filepath.Join(root, "2020", "report.pdf")); string(b) != "report" {
		t.Error("the report was not carried")
	}
}
