package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"asxh/internal/sample"
)

// TestBombRefusedInBoundedMemory runs a ward whose ho-ngheo.xlsx has one
// bad cell and a sheet that inflates to 2 GB from a few megabytes. The run
// must refuse the file (exit 1, the previous report byte for byte), make
// no marked copy of it, and do so in seconds in bounded memory: measured
// as the child's peak RSS, under GOMEMLIMIT.
func TestBombRefusedInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2 GB bomb")
	}
	in, out := t.TempDir(), t.TempDir()
	if err := sample.Write(in, sample.CuKhoi2020()); err != nil {
		t.Fatal(err)
	}
	if code, stderr := asxh(t, "run", "--input", in, "--out", out); code != 0 {
		t.Fatalf("clean run: exit %d\n%s", code, stderr)
	}
	report := filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.pdf")
	before := sum(t, report)

	reg := filepath.Join(in, "ho-ngheo.xlsx")
	bad := filepath.Join(t.TempDir(), "bad.xlsx")
	if err := sample.EditPart(reg, bad, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		return bytes.Replace(b, []byte(`<c r="E5"><v>3</v></c>`), []byte(`<c r="E5" t="inlineStr"><is><t>ba</t></is></c>`), 1)
	}); err != nil {
		t.Fatal(err)
	}
	if err := sample.Bomb(bad, reg, "xl/worksheets/sheet1.xml", 2<<30); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "run", "--input", in, "--out", out)
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "GOMEMLIMIT=256MiB")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	if ctx.Err() != nil {
		t.Fatalf("still running after %v", took)
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss >> 10 // MB
	t.Logf("refused in %v, peak RSS %d MB", took, peak)
	if code != 1 {
		t.Errorf("exit %d, want 1\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "ho-ngheo.xlsx") {
		t.Errorf("the bomb is not named:\n%s", stderr.String())
	}
	if took > 20*time.Second || peak > 300 {
		t.Errorf("refused after %v with a peak of %d MB", took, peak)
	}
	if sum(t, report) != before {
		t.Error("the previous report changed")
	}
	if _, err := os.Stat(filepath.Join(out, "2020", "sua-loi", "ho-ngheo.xlsx")); err == nil {
		t.Error("a marked copy was made of a file refused as damaged")
	}
}

// TestNoMarkedCopyOfRefusedFile: a register refused as damaged (here a
// sheet compressed far past the ratio a workbook has, 40 MB from a few
// kilobytes, small enough that Mark's own budget would let it through)
// gets no marked copy: the refusal is the finding, and opening the file
// whole is what it avoided.
func TestNoMarkedCopyOfRefusedFile(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	if err := sample.Write(in, sample.CuKhoi2020()); err != nil {
		t.Fatal(err)
	}
	reg := filepath.Join(in, "ho-ngheo.xlsx")
	bad := filepath.Join(t.TempDir(), "bad.xlsx")
	if err := sample.EditPart(reg, bad, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		return bytes.Replace(b, []byte(`<c r="E5"><v>3</v></c>`), []byte(`<c r="E5" t="inlineStr"><is><t>ba</t></is></c>`), 1)
	}); err != nil {
		t.Fatal(err)
	}
	if err := sample.Bomb(bad, reg, "xl/worksheets/sheet1.xml", 40<<20); err != nil {
		t.Fatal(err)
	}
	code, stderr := asxh(t, "run", "--input", in, "--out", out)
	if code != 1 || !strings.Contains(stderr, "ho-ngheo.xlsx") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "2020", "sua-loi", "ho-ngheo.xlsx")); err == nil {
		t.Error("a marked copy was made of a file refused as damaged")
	}
}

// TestTooLargeToMarkIsAWarning: a register over the marking budget (here
// 35,000 BTXH rows, some 18 MB of XML) with one bad cell gets its error
// finding and, instead of a marked copy that would take gigabytes, a
// warning saying why there is none.
func TestTooLargeToMarkIsAWarning(t *testing.T) {
	if testing.Short() {
		t.Skip("35,000 rows")
	}
	in, out := t.TempDir(), t.TempDir()
	if err := sample.Write(in, sample.Large(35_000)); err != nil {
		t.Fatal(err)
	}
	reg := filepath.Join(in, "bao-tro-xa-hoi.xlsx")
	bad := filepath.Join(t.TempDir(), "bad.xlsx")
	money := regexp.MustCompile(`<c r="I5"><v>[0-9]+</v></c>`) // the monthly allowance
	if err := sample.EditPart(reg, bad, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		if !money.Match(b) {
			t.Fatal("no allowance in I5")
		}
		return money.ReplaceAll(b, []byte(`<c r="I5" t="inlineStr"><is><t>ba</t></is></c>`))
	}); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(bad, reg); err != nil {
		t.Fatal(err)
	}
	code, stderr := asxh(t, "run", "--input", in, "--out", out)
	if code != 1 || !strings.Contains(stderr, "bao-tro-xa-hoi.xlsx") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "2020", "sua-loi", "bao-tro-xa-hoi.xlsx")); err == nil {
		t.Error("a marked copy over the budget")
	}
	f, err := excelize.OpenFile(filepath.Join(out, "2020", "kiem-tra-du-lieu-2020.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Kiểm tra dữ liệu")
	if err != nil {
		t.Fatal(err)
	}
	warned := false
	for _, r := range rows {
		warned = warned || strings.Contains(strings.Join(r, "|"), "không tạo bản đánh dấu ô lỗi")
	}
	if !warned {
		t.Error("no finding says why the marked copy is missing")
	}
}
