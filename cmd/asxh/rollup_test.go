package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"asxh/internal/sample"
	"asxh/pipeline/manifest"
)

// wardConfig writes another ward's configuration as a district would:
// it extends the sample's and states only its own unit.
func wardConfig(t *testing.T, code, name string) string {
	t.Helper()
	shared, _ := filepath.Abs("../../data/config.yaml")
	s := fmt.Sprintf("extends: %s\nunit: {code: %q, name: %s}\n", shared, code, strings.TrimPrefix(name, "Phường "))
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
	other := forge(t, dirs[2], func(m map[string]any) { m["year"] = 2019 })
	code, stderr = asxh(t, "rollup", "--out", t.TempDir(), dirs[0], other)
	if code != 1 || !strings.Contains(stderr, "(Phường Phúc Đồng): kết quả năm 2019") {
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
		scale := float64(i%7 + 1)
		for _, f := range base.Figures {
			g := f
			switch {
			case f.Numerator != nil: // still its numerator over its denominator
				num, den := *f.Numerator*scale, *f.Denominator*scale
				g.Numerator, g.Denominator = &num, &den
			case f.Format != "text":
				g.Value = f.Value * scale
				want[f.Key] += g.Value
			}
			m.Figures = append(m.Figures, g)
		}
		b, _ := m.Encode()
		dir := filepath.Join(root, m.Unit.Code)
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, manifest.Name), b, 0o644)
		for _, o := range base.Outputs { // the published files, as checked beside the manifest
			if err := os.Link(filepath.Join(out, "2020", o.Path), filepath.Join(dir, o.Path)); err != nil {
				t.Fatal(err)
			}
		}
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

// forge copies the published result in src (a year folder) to a new
// folder, with its manifest.json edited by edit, as a generic JSON object
// so that any field can be set to anything.
func forge(t *testing.T, src string, edit func(m map[string]any)) string {
	t.Helper()
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == manifest.Name {
			var m map[string]any
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.UseNumber()
			if err := dec.Decode(&m); err != nil {
				t.Fatal(err)
			}
			edit(m)
			if b, err = json.MarshalIndent(m, "", "  "); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// figureOf returns the manifest's figure with key, as a JSON object.
func figureOf(t *testing.T, m map[string]any, key string) map[string]any {
	t.Helper()
	for _, f := range m["figures"].([]any) {
		if f := f.(map[string]any); f["key"] == key {
			return f
		}
	}
	t.Fatalf("no figure %s", key)
	return nil
}

// dropFigure removes the figure with key from the manifest.
func dropFigure(m map[string]any, key string) {
	var keep []any
	for _, f := range m["figures"].([]any) {
		if f.(map[string]any)["key"] != key {
			keep = append(keep, f)
		}
	}
	m["figures"] = keep
}

// recode makes the manifest another ward's.
func recode(code, name string) func(map[string]any) {
	return func(m map[string]any) { m["unit"] = map[string]any{"code": code, "name": name} }
}

// TestRollupRefusesForged rolls up the sample ward's real published result
// beside a copy of it made another ward's and then forged or made
// inconsistent one way at a time: every one is refused by name, exit 1,
// and nothing is published.
func TestRollupRefusesForged(t *testing.T) {
	out := t.TempDir()
	if code, stderr := asxh(t, "run", "--out", out); code != 0 {
		t.Fatalf("sample run: exit %d\n%s", code, stderr)
	}
	ward := filepath.Join(out, "2020")
	other := func(edits ...func(map[string]any)) string {
		return forge(t, ward, func(m map[string]any) {
			recode("00157", "Phường Thạch Bàn")(m)
			for _, e := range edits {
				e(m)
			}
		})
	}
	setFig := func(key string, kv ...any) func(map[string]any) {
		return func(m map[string]any) {
			f := figureOf(t, m, key)
			for i := 0; i < len(kv); i += 2 {
				f[kv[i].(string)] = kv[i+1]
			}
		}
	}
	set := func(k string, v any) func(map[string]any) { return func(m map[string]any) { m[k] = v } }

	// The control: the same result made another ward's rolls up.
	clean := other()
	district := t.TempDir()
	if code, stderr := asxh(t, "rollup", "--out", district, ward, clean); code != 0 {
		t.Fatalf("control: exit %d\n%s", code, stderr)
	}
	districtDir := filepath.Join(district, "2020")
	if m := published(t, district); m.Level != 1 {
		t.Errorf("a district result says level %d, want 1", m.Level)
	}

	fifo := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(fifo, manifest.Name), 0o644); err != nil {
		t.Fatal(err)
	}
	edited := other()
	os.WriteFile(filepath.Join(edited, "bao-cao-an-sinh-xa-hoi-2020.pdf"), []byte("%PDF-1.4 sửa tay"), 0o644)
	missing := other()
	os.Remove(filepath.Join(missing, "bao-cao-an-sinh-xa-hoi-2020.xlsx"))

	for _, tt := range []struct {
		name   string
		dirs   []string
		stderr []string // each must appear
	}{
		{"negative count", []string{ward, other(setFig("gia_dinh_chinh_sach", "value", -99786))},
			[]string{"Phường Thạch Bàn", "gia_dinh_chinh_sach", "-99786", "số âm"}},
		{"fractional count", []string{ward, other(setFig("btxh_doi_tuong", "value", 214.33))},
			[]string{"Phường Thạch Bàn", "btxh_doi_tuong", "214.33", "không phải số nguyên"}},
		{"numerator over denominator", []string{ward, other(setFig("ty_le_bhyt_ngheo", "value", 12894.0, "numerator", 3739.26, "denominator", 29))},
			[]string{"Phường Thạch Bàn", "ty_le_bhyt_ngheo", "tử số"}},
		{"rate not its numerator over its denominator", []string{ward, other(setFig("ty_le_bhyt_ngheo", "value", 12894.0))},
			[]string{"Phường Thạch Bàn", "ty_le_bhyt_ngheo", "12894"}},
		{"numerator not the figure it names", []string{ward, other(setFig("ty_le_bhyt_ngheo", "value", 50.0, "numerator", 1, "denominator", 2))},
			[]string{"Phường Thạch Bàn", "ty_le_bhyt_ngheo", "nk_ngheo_co_bhyt"}},
		{"sum overflowing", []string{ward, other(setFig("btxh_tong_tien", "value", 1e308)), forge(t, ward, func(m map[string]any) {
			recode("00160", "Phường Phúc Đồng")(m)
			setFig("btxh_tong_tien", "value", 1e308)(m)
		})}, []string{"Phường Thạch Bàn", "Phường Phúc Đồng", "btxh_tong_tien", "quá lớn"}},
		{"figure missing in the second", []string{ward, other(func(m map[string]any) { dropFigure(m, "mung_tho") })},
			[]string{"Phường Thạch Bàn", "thiếu chỉ tiêu mung_tho"}},
		{"figure missing in the first", []string{other(func(m map[string]any) { dropFigure(m, "mung_tho") }), ward},
			[]string{"Phường Thạch Bàn", "thiếu chỉ tiêu mung_tho"}},
		{"figure the configuration does not have", []string{ward, other(func(m map[string]any) {
			m["figures"] = append(m["figures"].([]any), map[string]any{"key": "so_ho_la", "label": "Lạ", "format": "integer", "value": 3})
		})}, []string{"Phường Thạch Bàn", "so_ho_la"}},
		{"another format", []string{ward, other(setFig("mung_tho", "format", "text"))},
			[]string{"Phường Thạch Bàn", "mung_tho"}},
		{"district beside its own ward", []string{ward, districtDir},
			[]string{"Quận Long Biên", "Phường Cự Khối", "đã được tính"}},
		{"levels mixed", []string{ward, other(set("level", 1))},
			[]string{"Phường Thạch Bàn", "cấp"}},
		{"another tool", []string{ward, other(set("tool", "baocao"))},
			[]string{"Phường Thạch Bàn", "baocao"}},
		{"unknown version", []string{ward, other(set("version", "9.4.0"))},
			[]string{"Phường Thạch Bàn", "9.4.0"}},
		{"version not a version", []string{ward, other(set("version", "mới nhất"))},
			[]string{"Phường Thạch Bàn", "mới nhất"}},
		{"draft marked published", []string{ward, other(set("draft", true))},
			[]string{"Phường Thạch Bàn", "dự thảo"}},
		{"errors marked published", []string{ward, other(set("exit_status", 1), set("findings", map[string]any{"errors": 3, "warnings": 0, "info": 0}))},
			[]string{"Phường Thạch Bàn", "còn lỗi"}},
		{"output edited after publishing", []string{ward, edited},
			[]string{"Phường Thạch Bàn", "bao-cao-an-sinh-xa-hoi-2020.pdf"}},
		{"output missing", []string{ward, missing},
			[]string{"Phường Thạch Bàn", "bao-cao-an-sinh-xa-hoi-2020.xlsx"}},
		{"output outside its folder", []string{ward, other(func(m map[string]any) {
			m["outputs"] = append(m["outputs"].([]any), map[string]any{"path": "../../etc/passwd", "sha256": "00", "bytes": 1})
		})}, []string{"Phường Thạch Bàn", "../../etc/passwd"}},
		{"manifest a FIFO", []string{ward, fifo}, []string{fifo, "manifest.json"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dst := t.TempDir()
			code, stderr := asxhTimeout(t, 30*time.Second, append([]string{"rollup", "--out", dst}, tt.dirs...)...)
			if code != 1 {
				t.Errorf("exit %d, want 1\n%s", code, stderr)
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			if strings.Contains(stderr, "json:") {
				t.Errorf("stderr is not in the clerk's words:\n%s", stderr)
			}
			if left, _ := os.ReadDir(filepath.Join(dst, "2020")); len(left) != 0 {
				t.Errorf("published %d files", len(left))
			}
		})
	}
}

// asxhTimeout runs the command and kills it after d: a hang is a failure.
func asxhTimeout(t *testing.T, d time.Duration, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("still running after %v", d)
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, stderr.String()
}

// districtConfig writes a roll-up configuration like the sample
// district's, as another unit, with its paths made absolute.
func districtConfig(t *testing.T, code, name string) string {
	t.Helper()
	b, err := os.ReadFile("../../data/quan-long-bien.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, _ := filepath.Abs("../../templates/bao-cao-quan.tmpl")
	wards, _ := filepath.Abs("../../data/config.yaml")
	s := strings.Replace(string(b), `unit: {code: "004", name: Quận Long Biên}`, fmt.Sprintf(`unit: {code: %q, name: %s}`, code, name), 1)
	s = strings.Replace(s, "template: ../templates/bao-cao-quan.tmpl", "template: "+tmpl, 1)
	s = strings.Replace(s, "figures_from: config.yaml", "figures_from: "+wards, 1)
	if s == string(b) {
		t.Fatal("the district configuration changed shape")
	}
	path := filepath.Join(t.TempDir(), "quan.yaml")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRollupLevels rolls two districts' results up into a city's: the city
// result is level 2, its figures the sums of the wards' beneath, and a
// ward beside the districts is refused as another level.
func TestRollupLevels(t *testing.T) {
	out := t.TempDir()
	if code, stderr := asxh(t, "run", "--out", out); code != 0 {
		t.Fatalf("sample run: exit %d\n%s", code, stderr)
	}
	ward := filepath.Join(out, "2020")
	other := forge(t, ward, recode("00157", "Phường Thạch Bàn"))
	var districts []string
	for _, d := range []struct{ code, name, ward string }{{"004", "Quận Long Biên", ward}, {"005", "Quận Gia Lâm", other}} {
		dst := t.TempDir()
		if code, stderr := asxh(t, "rollup", "--config", districtConfig(t, d.code, d.name), "--out", dst, d.ward); code != 0 {
			t.Fatalf("%s: exit %d\n%s", d.name, code, stderr)
		}
		districts = append(districts, filepath.Join(dst, "2020"))
	}
	city := t.TempDir()
	if code, stderr := asxh(t, "rollup", "--config", districtConfig(t, "01", "Thành phố Hà Nội"), "--out", city, districts[0], districts[1]); code != 0 {
		t.Fatalf("city: exit %d\n%s", code, stderr)
	}
	m := published(t, city)
	if m.Level != 2 {
		t.Errorf("a city result says level %d, want 2", m.Level)
	}
	wardValues, got := published(t, out).Values(), m.Values()
	for _, k := range []string{"gia_dinh_chinh_sach", "btxh_tong_tien", "mung_tho"} {
		if got[k] != 2*wardValues[k] {
			t.Errorf("%s = %v, want twice the ward's %v", k, got[k], wardValues[k])
		}
	}
	if got["so_don_vi"] != 2 || got["ty_le_bhyt_ngheo"] != wardValues["ty_le_bhyt_ngheo"] {
		t.Errorf("units %v, rate %v (ward %v)", got["so_don_vi"], got["ty_le_bhyt_ngheo"], wardValues["ty_le_bhyt_ngheo"])
	}
	code, stderr := asxh(t, "rollup", "--config", districtConfig(t, "01", "Thành phố Hà Nội"), "--out", t.TempDir(), districts[0], districts[1], forge(t, ward, recode("00160", "Phường Phúc Đồng")))
	if code != 1 || !strings.Contains(stderr, "cấp 0") || !strings.Contains(stderr, "Phường Phúc Đồng") {
		t.Errorf("a ward beside districts: exit %d\n%s", code, stderr)
	}
}
