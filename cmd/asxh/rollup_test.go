package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"asxh/internal/sample"
	"asxh/pipeline/manifest"
)

// wardConfig writes the sample configuration for another ward: its own
// unit, the same registers and template.
func wardConfig(t *testing.T, code, name string) string {
	t.Helper()
	b, err := os.ReadFile("../../data/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, _ := filepath.Abs("../../templates/bao-cao-an-sinh-xa-hoi.tmpl")
	s := strings.Replace(string(b), `unit: {code: "00154", name: Phường Cự Khối}`, fmt.Sprintf(`unit: {code: %q, name: %s}`, code, name), 1)
	s = strings.Replace(s, "template: ../templates/bao-cao-an-sinh-xa-hoi.tmpl", "template: "+tmpl, 1)
	path := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(path, []byte(s), 0o644)
	return path
}

// TestRollup runs three wards for real, rolls them up, and wants exactly
// the sums of their figures, rates recomputed; it refuses a ward twice and
// a result of another year.
func TestRollup(t *testing.T) {
	var dirs []string
	var ms []*manifest.Manifest
	for i, w := range []struct{ code, name string }{{"00154", "Phường Cự Khối"}, {"00157", "Phường Thạch Bàn"}, {"00160", "Phường Phúc Đồng"}} {
		tg := sample.CuKhoi2020()
		if i > 0 {
			tg = sample.Large(300 * i)
			tg.Seed = uint64(100 + i)
			tg.PoorNK, tg.PoorEnd = []int{2, 3, 1}, []string{"Nghèo", "Cận nghèo", "Không"}
		}
		in := t.TempDir()
		if err := sample.Write(in, tg); err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		if code, stderr := asxh(t, "run", "--config", wardConfig(t, w.code, w.name), "--input", in, "--out", out); code != 0 {
			t.Fatalf("ward %s: exit %d\n%s", w.name, code, stderr)
		}
		dir := filepath.Join(out, "2020")
		m, _ := manifest.Read(dir)
		dirs, ms = append(dirs, dir), append(ms, m)
	}
	out := t.TempDir()
	code, stderr := asxh(t, append([]string{"rollup", "--out", out}, dirs...)...)
	if code != 0 {
		t.Fatalf("rollup: exit %d\n%s", code, stderr)
	}
	district := published(t, filepath.Join(out))
	got := district.Values()
	if got["so_don_vi"] != 3 {
		t.Errorf("units = %v", got["so_don_vi"])
	}
	for _, f := range ms[0].Figures {
		var want float64
		var num, den float64
		for _, m := range ms {
			for _, g := range m.Figures {
				if g.Key == f.Key {
					want += g.Value
					if g.Numerator != nil {
						num, den = num+*g.Numerator, den+*g.Denominator
					}
				}
			}
		}
		if f.Numerator != nil {
			want = num / den * 100
		}
		if f.Format == "text" {
			continue
		}
		if math.Abs(got[f.Key]-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", f.Key, got[f.Key], want)
		}
	}
	text := flat(pdfText(t, filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-quan-2020.pdf"), false))
	for _, s := range []string{"QUẬN LONG BIÊN", "Phường Thạch Bàn", "Phường Phúc Đồng", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH"} {
		if !strings.Contains(text, s) {
			t.Errorf("district report lacks %q", s)
		}
	}

	// Refusals name what is wrong.
	code, stderr = asxh(t, "rollup", "--out", t.TempDir(), dirs[0], dirs[1], dirs[0])
	if code != 1 || !strings.Contains(stderr, "hai kết quả của cùng đơn vị Phường Cự Khối") {
		t.Errorf("duplicate: exit %d\n%s", code, stderr)
	}
	other := t.TempDir()
	b, _ := os.ReadFile(filepath.Join(dirs[2], manifest.Name))
	os.WriteFile(filepath.Join(other, manifest.Name), []byte(strings.Replace(string(b), `"year": 2020`, `"year": 2019`, 1)), 0o644)
	code, stderr = asxh(t, "rollup", "--out", t.TempDir(), dirs[0], other)
	if code != 1 || !strings.Contains(stderr, "năm 2019 của Phường Phúc Đồng") {
		t.Errorf("other year: exit %d\n%s", code, stderr)
	}
}

// TestRollupCity rolls up 579 results, as many as Hà Nội had communes and
// wards in 2020, in under a minute; each is the sample ward's result with
// its own code and figures scaled by its number.
func TestRollupCity(t *testing.T) {
	out := t.TempDir()
	if code, _ := asxh(t, "run", "--out", out); code != 0 {
		t.Fatal("sample run failed")
	}
	base, _ := manifest.Read(filepath.Join(out, "2020"))
	root := t.TempDir()
	var dirs []string
	want := map[string]float64{}
	for i := range 579 {
		m := *base
		m.Unit = manifest.Unit{Code: fmt.Sprintf("%05d", 1+i), Name: fmt.Sprintf("Đơn vị %d", i+1)}
		m.Figures = nil
		for _, f := range base.Figures {
			g := f
			if f.Format != "text" && f.Numerator == nil {
				g.Value = f.Value * float64(i%7+1)
				want[f.Key] += g.Value
			}
			m.Figures = append(m.Figures, g)
		}
		b, _ := m.Encode()
		dir := filepath.Join(root, m.Unit.Code)
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, manifest.Name), b, 0o644)
		dirs = append(dirs, dir)
	}
	start := time.Now()
	dst := t.TempDir()
	code, stderr := asxh(t, append([]string{"rollup", "--out", dst}, dirs...)...)
	took := time.Since(start)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if took > time.Minute {
		t.Errorf("a 579-unit roll-up took %v", took)
	}
	t.Logf("579 units rolled up in %v", took)
	got := published(t, dst).Values()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
}
