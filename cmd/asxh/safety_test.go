package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"asxh/pipeline/manifest"
)

// The tests of what asxh refuses so that it never writes outside its
// output folder nor replaces what it did not make.

// TestRollupOutIntoInput refuses a roll-up whose output is, or is inside,
// a ward's result or that ward's output root: it would replace the ward's
// own report.
func TestRollupOutIntoInput(t *testing.T) {
	ward := samplePublished(t)
	result := filepath.Join(ward, "2020")
	before := sum(t, filepath.Join(result, finalPDF))
	for _, out := range []string{ward, result, filepath.Join(ward, "quan"), filepath.Join(result, "x")} {
		code, stderr := asxh(t, "rollup", "--out", out, result)
		if code != 2 || !strings.Contains(stderr, out) {
			t.Errorf("rollup --out %s: exit %d, want 2 naming it\n%s", out, code, stderr)
		}
	}
	if sum(t, filepath.Join(result, finalPDF)) != before {
		t.Error("the ward's report changed")
	}
	if _, err := os.Stat(filepath.Join(ward, "quan")); !os.IsNotExist(err) {
		t.Error("the refused roll-up created its output folder")
	}
}

// TestInitNeverOverwrites: init refuses a folder that already holds a
// register, naming it, unless --force; and a run over blank registers
// warns that they hold no records.
func TestInitNeverOverwrites(t *testing.T) {
	out := t.TempDir()
	kept := filepath.Join(out, "ho-ngheo.xlsx")
	os.WriteFile(kept, []byte("the clerk's register"), 0o644)
	code, stderr := asxh(t, "init", "--out", out)
	if code != 2 || !strings.Contains(stderr, "ho-ngheo.xlsx") || !strings.Contains(stderr, "--force") {
		t.Errorf("init over a register: exit %d, want 2 naming it\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(kept); string(b) != "the clerk's register" {
		t.Fatal("init overwrote a register")
	}
	if es, _ := os.ReadDir(out); len(es) != 1 {
		t.Errorf("a refused init wrote %d files", len(es)-1)
	}
	if code, stderr := asxh(t, "init", "--out", out, "--force"); code != 0 {
		t.Fatalf("init --force: exit %d\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(kept); string(b) == "the clerk's register" {
		t.Error("init --force kept the old file")
	}
	_, stderr = asxh(t, "validate", "--input", out, "--out", t.TempDir())
	if !strings.Contains(stderr, "ho-ngheo.xlsx") || !strings.Contains(stderr, "không có dòng dữ liệu nào") {
		t.Errorf("blank registers read without a warning:\n%s", stderr)
	}
}

// TestLastYearAppears: last year's result published after this year's
// run changes what the report shows, so the next run rebuilds with the
// comparison, and a changed figure of last year rebuilds again.
func TestLastYearAppears(t *testing.T) {
	out := samplePublished(t)
	first := release(t, out)
	last := filepath.Join(out, "2019")
	os.MkdirAll(last, 0o755)
	write := func(v float64) {
		m := manifest.Manifest{Tool: "asxh", Year: 2019, Published: true, Figures: []manifest.Figure{{Key: "gia_dinh_chinh_sach", Value: v}}}
		b, _ := m.Encode()
		os.WriteFile(filepath.Join(last, manifest.Name), b, 0o644)
	}
	write(170)
	if code, stderr := asxh(t, "run", "--out", out); code != 0 || release(t, out) == first {
		t.Fatalf("last year's result appeared and the run did not rebuild: exit %d\n%s", code, stderr)
	}
	f, err := excelize.OpenFile(filepath.Join(out, "2020", finalXLSX))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Tổng hợp")
	f.Close()
	if len(rows) < 4 || !strings.Contains(strings.Join(rows[3], "|"), "Năm 2019") {
		t.Errorf("no comparison with 2019 after the rebuild: %v", rows)
	}
	second := release(t, out)
	write(160)
	if code, _ := asxh(t, "run", "--out", out); code != 0 || release(t, out) == second {
		t.Error("a changed figure of last year did not rebuild")
	}
}

// TestPlantedLinks plants symbolic links in the output root pointing
// outside it: the run refuses (exit 3, naming the link) and touches
// nothing outside, nor the published report.
func TestPlantedLinks(t *testing.T) {
	out := samplePublished(t)
	report := filepath.Join(out, "2020", finalPDF)
	before := sum(t, report)
	tests := []struct {
		name string
		link string // planted in the output root
	}{
		{"lock", ".asxh.lock"},
		{"runs.log", "runs.log"},
		{"releases", ".releases"},
		{"year", "2020"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			victim := t.TempDir() // outside the output root: a file and a folder of someone else's
			vfile := filepath.Join(victim, "precious.txt")
			os.WriteFile(vfile, []byte("keep me"), 0o644)
			os.Mkdir(filepath.Join(victim, "2020-000000"), 0o755)
			os.WriteFile(filepath.Join(victim, "2020-000000", finalPDF), []byte("not a report"), 0o644)
			link := filepath.Join(out, tt.link)
			saved := filepath.Join(t.TempDir(), "saved")
			if err := os.Rename(link, saved); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			target := vfile
			if tt.link == ".releases" || tt.link == "2020" {
				target = victim
				if tt.link == "2020" {
					target = filepath.Join(victim, "2020-000000")
				}
			}
			os.Symlink(target, link)
			code, stderr := asxh(t, "run", "--out", out, "--force")
			if code != 3 || !strings.Contains(stderr, tt.link) {
				t.Errorf("exit %d, want 3 naming %s\n%s", code, tt.link, stderr)
			}
			if b, _ := os.ReadFile(vfile); string(b) != "keep me" {
				t.Errorf("the file outside became %q", b)
			}
			if es := mustReadDir(t, victim); len(es) != 2 {
				t.Errorf("the folder outside now holds %v", es)
			}
			if b, _ := os.ReadFile(filepath.Join(victim, "2020-000000", finalPDF)); string(b) != "not a report" {
				t.Error("a file outside was changed")
			}
			os.Remove(link)
			if _, err := os.Lstat(saved); err == nil {
				os.Rename(saved, link)
			}
			if sum(t, report) != before {
				t.Error("the published report changed")
			}
		})
	}
}

// TestNotRegularFiles: a FIFO named like a register, or in place of a
// result's manifest.json, is refused by name at once, never read (a read
// would hang the run for ever, holding the lock).
func TestNotRegularFiles(t *testing.T) {
	out := samplePublished(t)
	before := sum(t, filepath.Join(out, "2020", finalPDF))
	in := copyData(t)
	os.Remove(filepath.Join(in, "ho-ngheo.xlsx"))
	if err := syscall.Mkfifo(filepath.Join(in, "ho-ngheo.xlsx"), 0o644); err != nil {
		t.Skip(err)
	}
	code, stderr := asxhTimeout(t, 20*time.Second, "run", "--input", in, "--out", out)
	if code != 1 || !strings.Contains(stderr, "ho-ngheo.xlsx") || !strings.Contains(stderr, "không phải là tệp thường") {
		t.Errorf("FIFO register: exit %d, want 1 naming it\n%s", code, stderr)
	}
	if sum(t, filepath.Join(out, "2020", finalPDF)) != before {
		t.Error("the published report changed")
	}
	// A FIFO as last year's manifest, and as a roll-up input's.
	os.MkdirAll(filepath.Join(out, "2019"), 0o755)
	syscall.Mkfifo(filepath.Join(out, "2019", "manifest.json"), 0o644)
	if code, stderr := asxhTimeout(t, 20*time.Second, "run", "--out", out, "--force"); code != 0 {
		t.Errorf("FIFO as last year's manifest: exit %d\n%s", code, stderr)
	}
	fake := t.TempDir()
	syscall.Mkfifo(filepath.Join(fake, "manifest.json"), 0o644)
	code, stderr = asxhTimeout(t, 20*time.Second, "rollup", "--out", t.TempDir(), filepath.Join(out, "2020"), fake)
	if code != 1 || !strings.Contains(stderr, fake) || !strings.Contains(stderr, "manifest.json") {
		t.Errorf("FIFO as a result's manifest: exit %d, want 1 naming it\n%s", code, stderr)
	}
}

// TestTwoFilesOneRegister: an identical copy beside a register is one
// warning naming both and read once (the figures stay right); a changed
// copy that shares the register's keys is one error naming both files,
// not one per row, and nothing is published.
func TestTwoFilesOneRegister(t *testing.T) {
	out := samplePublished(t)
	want := summary(t, filepath.Join(out, "2020", finalXLSX))

	in := copyData(t)
	b, _ := os.ReadFile(filepath.Join(in, "ho-ngheo.xlsx"))
	os.WriteFile(filepath.Join(in, "ho-ngheo - Copy.xlsx"), b, 0o644)
	code, stderr := asxh(t, "run", "--input", in, "--out", out)
	if code != 0 || strings.Count(stderr, "ho-ngheo - Copy.xlsx") != 1 || !strings.Contains(stderr, "giống hệt") {
		t.Errorf("identical copy: exit %d, want 0 and one warning naming it\n%s", code, stderr)
	}
	got := summary(t, filepath.Join(out, "2020", finalXLSX))
	for k, v := range want {
		if got[k] != v {
			t.Errorf("with an identical copy %s = %v, want %v", k, got[k], v)
		}
	}
	before := sum(t, filepath.Join(out, "2020", finalPDF))

	f, err := excelize.OpenFile(filepath.Join(in, "ho-ngheo - Copy.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("DS", "C5", "Tên Đã Sửa")
	f.Save()
	f.Close()
	code, stderr = asxh(t, "run", "--input", in, "--out", out)
	if code != 1 || strings.Count(stderr, "[duplicate-file]") != 1 || strings.Contains(stderr, "[unique-error]") || !strings.Contains(stderr, "ho-ngheo.xlsx") || !strings.Contains(stderr, "ho-ngheo - Copy.xlsx") {
		t.Errorf("changed copy: exit %d, want 1 and one error naming both files\n%s", code, stderr)
	}
	if sum(t, filepath.Join(out, "2020", finalPDF)) != before {
		t.Error("the published report changed")
	}
}

var sampleOut struct {
	sync.Once
	dir  string
	code int
	err  string
}

// samplePublished is a new output root holding the sample ward's
// published report: one real run, copied for each test that starts there.
func samplePublished(t *testing.T) string {
	t.Helper()
	sampleOut.Do(func() {
		sampleOut.dir, _ = os.MkdirTemp(filepath.Dir(bin), "sample-out") // removed with the binary
		sampleOut.code, sampleOut.err = asxh(t, "run", "--out", sampleOut.dir)
	})
	if sampleOut.code != 0 {
		t.Fatalf("sample run: exit %d\n%s", sampleOut.code, sampleOut.err)
	}
	out := t.TempDir()
	if b, err := exec.Command("cp", "-a", sampleOut.dir+"/.", out).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, b)
	}
	return out
}
