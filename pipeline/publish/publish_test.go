package publish

import (
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
