package source_test

import (
	"strings"
	"testing"

	"asxh/internal/testkit"
	"asxh/pipeline/finding"
	"asxh/pipeline/source"
)

// TestOverlap: two different files of one register that share keys are
// ONE error naming both, not one per row, and the shared rows are counted
// once; a register split into files with keys apart passes untouched.
func TestOverlap(t *testing.T) {
	c, dir := testkit.Config(t, "year: 2020\n"+testkit.Document+`registers:
  - key: ho
    title: Hộ
    files: [ho-ngheo*]
    fields: [{key: id, header: Mã hộ, type: text, unique: true}, {key: n, header: N, type: integer}]
  - key: bt
    title: BT
    files: [bao-tro*]
    fields: [{key: id, header: Mã, type: text, unique: true}]
`)
	set, fs := testkit.Read(t, c, dir, map[string]string{
		"ho-ngheo-1.csv": "Mã hộ,N\nP1,1\nP2,2\nP3,3\n",
		"ho-ngheo-2.csv": "Mã hộ,N\n p2 ,2\nP3,3\nP4,4\nP4,4\n",
		"bao-tro-1.csv":  "Mã\nB1\n",
		"bao-tro-2.csv":  "Mã\nB2\n",
	})
	if len(fs) > 0 {
		t.Fatalf("reading: %v", fs)
	}
	files, _, _ := source.Find(c, dir, false)
	o := source.NewOverlap(c, files)
	var got []string
	for reg, rec := range o.Filter(set.All(c)) {
		got = append(got, reg.Key+":"+strings.TrimSpace(rec.Raw[0]))
	}
	if strings.Join(got, " ") != "ho:P1 ho:P2 ho:P3 ho:P4 ho:P4 bt:B1 bt:B2" {
		t.Errorf("records = %v", got) // the second P4 is the validator's: within one file
	}
	var errs []finding.Finding
	for _, f := range o.Findings() {
		errs = append(errs, f)
	}
	if len(errs) != 1 || errs[0].Level != finding.Error || !strings.Contains(errs[0].Message, "ho-ngheo-1.csv") ||
		errs[0].File != "ho-ngheo-2.csv" || !strings.Contains(errs[0].Message, "2 dòng") {
		t.Errorf("findings = %v", errs)
	}
}
