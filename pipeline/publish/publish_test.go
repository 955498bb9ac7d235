package publish

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out", "2020")
	if err := Write(dir, []File{{Name: "a.pdf", Data: []byte("one")}, {Name: "b.xlsx", Data: []byte("two")}}); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, []File{{Name: "a.pdf", Data: []byte("three")}}); err != nil {
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
	if err := Write(filepath.Join(file, "2020"), []File{{Name: "a", Data: nil}}); err == nil {
		t.Error("writing under a file did not fail")
	}
}

func TestRelease(t *testing.T) {
	root := t.TempDir()
	// an older version left a plain folder: it becomes the first release
	os.MkdirAll(filepath.Join(root, "2020"), 0o755)
	os.WriteFile(filepath.Join(root, "2020", "report.pdf"), []byte("old report"), 0o644)
	keepReport := func(name string) bool { return name == "report.pdf" }
	if err := Release(root, "2020", []File{{Name: "findings.xlsx", Data: []byte("f1")}, {Name: "sua-loi/a.xlsx", Data: []byte("a")}}, keepReport); err != nil {
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
	if err := Release(root, "2020", []File{{Name: "report.pdf", Data: []byte("new report")}, {Name: "findings.xlsx", Data: []byte("f2")}}, nil); err != nil {
		t.Fatal(err)
	}
	if read("report.pdf") != "new report" || read("sua-loi/a.xlsx") != "<none>" {
		t.Errorf("after the second release: %q %q", read("report.pdf"), read("sua-loi/a.xlsx"))
	}
	for range 3 {
		Release(root, "2020", []File{{Name: "x", Data: nil}}, nil)
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
	if err := Release(root, "2020", []File{{Name: "report.pdf", Data: []byte("report")}}, nil); err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(victim, []byte("secret"), 0o644)
	os.Symlink(victim, filepath.Join(root, "2020", "old.pdf"))
	keepAll := func(string) bool { return true }
	if err := Release(root, "2020", []File{{Name: "findings.xlsx", Data: nil}}, keepAll); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(root, "2020", "old.pdf")); err == nil {
		t.Error("a planted link was carried into the new release")
	}
	if b, _ := os.ReadFile(filepath.Join(root, "2020", "report.pdf")); string(b) != "report" {
		t.Error("the report was not carried")
	}
}

// TestSpool checks a spooled output: its size and hash, moved (not
// copied) into the release by Release, a failed one leaving nothing; the
// spool kept through the release that takes its files (the run still
// uses it) and gone once closed; a spool a crashed run left pruned by
// the next release.
func TestSpool(t *testing.T) {
	root := t.TempDir()
	spool := func() *Spool {
		s, err := NewSpool(root, "2020")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	files := func(s *Spool) int {
		es, _ := os.ReadDir(s.dir)
		return len(es)
	}
	s := spool()
	f, err := s.Write("report.pdf", func(w io.Writer) error { _, err := io.WriteString(w, "report"); return err })
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "report.pdf" || f.Data != nil || f.Size != 6 || f.SHA256 != "845e91831319e89c4d656bdb80c278ac09a7230d61e5dfd2e1b1fbb436ac8917" {
		t.Errorf("spooled %+v", f)
	}
	if _, err := s.Write("bad.xlsx", func(w io.Writer) error { io.WriteString(w, "half"); return errors.New("broken") }); err == nil {
		t.Error("a failed write gave no error")
	}
	if n := files(s); n != 1 {
		t.Errorf("the spool holds %d files after a failed write, want 1", n)
	}
	if err := Release(root, "2020", []File{f}, nil); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "2020", "report.pdf")); string(b) != "report" {
		t.Errorf("released report.pdf = %q", b)
	}
	if _, err := os.Stat(s.dir); err != nil {
		t.Errorf("the release removed the spool its files came from: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close after the release: %v", err)
	}
	if _, err := os.Stat(s.dir); !os.IsNotExist(err) {
		t.Errorf("the spool is there after Close: %v", err)
	}
	crashed := spool() // never closed
	s = spool()
	f, err = s.Write("report.pdf", func(w io.Writer) error { _, err := io.WriteString(w, "report"); return err })
	if err != nil {
		t.Fatal(err)
	}
	if err := Release(root, "2020", []File{f}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(crashed.dir); !os.IsNotExist(err) {
		t.Errorf("a crashed run's spool is there after the next release: %v", err)
	}
	s.Close()
	s = spool()
	if _, err := s.Write("left.xlsx", func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.dir); !os.IsNotExist(err) {
		t.Errorf("the spool is there after Close: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "2020", "report.pdf")); string(b) != "report" {
		t.Errorf("closing a spool changed the release: report.pdf = %q", b)
	}
}
