package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The tests of what asxh refuses so that it never writes outside its
// output folder nor replaces what it did not make.

// TestRollupOutIntoInput refuses a roll-up whose output is, or is inside,
// a ward's result or that ward's output root: it would replace the ward's
// own report.
func TestRollupOutIntoInput(t *testing.T) {
	ward := t.TempDir()
	if code, stderr := asxh(t, "run", "--out", ward); code != 0 {
		t.Fatalf("ward run: exit %d\n%s", code, stderr)
	}
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
