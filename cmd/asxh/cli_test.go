package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"asxh/pipeline/publish"
)

// spoiled is a drop folder of the sample with errors: in ho-ngheo.xlsx
// text in a number and a repeated key (HN001 in place of HN003), and
// what follows from them (references to HN003, figures that no longer
// add up). The tests count the errors the run lists.
func spoiled(t *testing.T) string {
	t.Helper()
	in := copyData(t)
	f, err := excelize.OpenFile(filepath.Join(in, "ho-ngheo.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("DS", "E6", "ba")
	f.SetCellValue("DS", "B7", "HN001")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return in
}

// TestHelp asks for help every way a user would: each answer is in
// Vietnamese on stdout, exits 0, and names every flag of the command, the
// exit statuses and an example.
func TestHelp(t *testing.T) {
	runFlags := []string{"--config", "--input", "--out", "--draft", "--force", "--settle", "--log-format"}
	flags := map[string][]string{
		"run":      runFlags,
		"validate": {"--config", "--input", "--out", "--settle", "--log-format"},
		"init":     {"--config", "--out", "--force"},
		"rollup":   {"--config", "--out", "KẾT_QUẢ"},
	}
	all := append(runFlags, "asxh init", "asxh rollup", "asxh validate", "asxh version", "asxh help")
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--help"}, all},
		{[]string{"-h"}, all},
		{[]string{"help"}, all},
	}
	for cmd, fl := range flags {
		for _, args := range [][]string{{"help", cmd}, {cmd, "--help"}, {cmd, "-h"}} {
			tests = append(tests, struct {
				args []string
				want []string
			}{args, append([]string{"asxh " + cmd}, fl...)})
		}
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := asxhAll(t, tt.args...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr %q; want 0 and nothing", code, stderr)
			}
			for _, w := range append(tt.want, "Cách dùng:", "Mã thoát:", "  0  ", "  2  ", "Ví dụ:\n  asxh ") {
				if !strings.Contains(stdout, w) {
					t.Errorf("the help lacks %q:\n%s", w, stdout)
				}
			}
			if strings.Contains(stdout, "Usage") || strings.Contains(stdout, "default") {
				t.Errorf("the help is not all Vietnamese:\n%s", stdout)
			}
		})
	}
	// A mistake on the command line is refused in Vietnamese, pointing at
	// the help.
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"validate", "--draft"}, "asxh validate: không có tùy chọn -draft. Xem: asxh help validate\n"},
		{[]string{"run", "--settle=abc"}, "asxh run: giá trị không hợp lệ \"abc\" cho tùy chọn -settle. Xem: asxh help run\n"},
		{[]string{"run", "--config"}, "asxh run: thiếu giá trị sau tùy chọn -config. Xem: asxh help run\n"},
		{[]string{"run", "2020"}, "asxh run: thừa tham số: 2020. Xem: asxh help run\n"},
		{[]string{"init"}, "asxh init: cần --out THƯ_MỤC. Xem: asxh help init\n"},
	} {
		code, stdout, stderr := asxhAll(t, tt.args...)
		if code != 2 || stdout != "" || stderr != tt.want {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

// TestVersion: the version names the commit the program was built from,
// and says so plainly when the build did not record one.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, stdout, _ := asxhAll(t, args...)
		if code != 0 || !strings.HasPrefix(stdout, "asxh "+version+" (") {
			t.Errorf("%v: exit %d, %q", args, code, stdout)
		}
	}
	setting := func(kv ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{}
		for i := 0; i < len(kv); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return bi
	}
	rev := "91481aaae630ef5ac34d01ffc14d96a420c99149"
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"clean", setting("vcs.revision", rev, "vcs.time", "2026-12-06T19:00:00Z", "vcs.modified", "false"), "commit " + rev + " lúc 2026-12-06T19:00:00Z)"},
		{"modified", setting("vcs.revision", rev, "vcs.modified", "true"), "commit " + rev + ", có sửa đổi chưa commit)"},
		{"no vcs", setting(), "không rõ commit"},
		{"no build info", nil, "không rõ commit"},
	}
	for _, tt := range tests {
		if got := versionLine(tt.bi); !strings.Contains(got, tt.want) || !strings.HasPrefix(got, "asxh "+version) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestFinalLine: every run ends with one line saying what happened, with
// the paths to look at, and the paths are there.
func TestFinalLine(t *testing.T) {
	out, bad := t.TempDir(), spoiled(t)
	year := filepath.Join(out, "2020")
	report := year + "/bao-cao-an-sinh-xa-hoi-2020"
	findings := year + "/kiem-tra-du-lieu-2020.xlsx"
	marked := " và các bản đánh dấu ô lỗi trong " + year + "/sua-loi"
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // all of it; or the last line of stderr when empty
		stderr string
	}{
		{"published", []string{"run"}, 0, "Đã xuất bản báo cáo năm 2020: " + report + ".pdf, " + report + ".docx, " + report + ".xlsx\n", ""},
		{"unchanged", []string{"run"}, 0, "Không có gì thay đổi từ lần xuất bản trước: " + year + "\n", ""},
		{"validated", []string{"validate"}, 0, "Dữ liệu không có lỗi (0 cảnh báo); xem " + findings + "\n", ""},
		{"data errors", []string{"run", "--input", bad}, 1, "", "Dữ liệu còn N lỗi, chưa xuất bản; xem " + findings + marked},
		{"validate, data errors", []string{"validate", "--input", bad}, 1, "", "Dữ liệu còn N lỗi; xem " + findings + marked},
		{"draft", []string{"run", "--input", bad, "--draft"}, 1, "", "Đã xuất bản bản DỰ THẢO báo cáo năm 2020: " + report + "-du-thao.pdf, " + report + "-du-thao.docx, " + report + "-du-thao.xlsx; dữ liệu còn N lỗi, các số liệu đánh dấu * chưa đầy đủ; xem " + findings + marked},
	}
	for _, tt := range tests {
		code, stdout, stderr := asxhAll(t, append(tt.args, "--out", out)...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		// N is the number of errors listed above the line.
		tt.stderr = strings.Replace(tt.stderr, "còn N lỗi", fmt.Sprintf("còn %d lỗi", strings.Count(stderr, ": lỗi [")), 1)
		if code != tt.code || stdout != tt.stdout || tt.stderr != "" && lines[len(lines)-1] != tt.stderr {
			t.Errorf("%s: exit %d\nstdout %q\nstderr %q\nwant exit %d\nstdout %q\nlast line %q", tt.name, code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
		}
		for _, p := range regexp.MustCompile(`/\S+\.(pdf|docx|xlsx)`).FindAllString(stdout+lines[len(lines)-1], -1) {
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s: the line names %s: %v", tt.name, p, err)
			}
		}
	}
}

// TestJSONLog runs the real command on data with errors, on a bad command
// line, on a bad configuration and on a held lock, with --log-format json:
// every line on stderr is one JSON object, and the last says who, what
// year, which command, how it ended and what was published.
func TestJSONLog(t *testing.T) {
	bad := spoiled(t)
	badConfig := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(badConfig, []byte("year: 2020\nregisterz: []\n"), 0o644)
	held := t.TempDir()
	l, err := publish.Acquire(held, "pid 4242, bắt đầu lúc 01:30")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	out := t.TempDir()
	tests := []struct {
		name      string
		args      []string
		code      int
		last      map[string]any
		published int
		findings  bool // records of findings come before the last
	}{
		{"data errors", []string{"run", "--input", bad, "--out", out}, 1, map[string]any{"command": "run", "unit": "00154", "year": 2020.0, "exit": 1.0}, 0, true},
		{"draft", []string{"run", "--input", bad, "--out", out, "--draft"}, 1, map[string]any{"command": "run", "unit": "00154", "draft": true, "exit": 1.0}, 3, true},
		{"validate", []string{"validate", "--input", bad, "--out", out}, 1, map[string]any{"command": "validate", "unit": "00154", "exit": 1.0}, 0, true},
		{"published", []string{"run", "--out", t.TempDir()}, 0, map[string]any{"command": "run", "unit": "00154", "exit": 0.0}, 3, false},
		{"bad flag", []string{"run", "--colour", "--log-format", "json"}, 2, map[string]any{"command": "run", "exit": 2.0}, 0, false},
		{"bad command", []string{"publish", "--log-format=json"}, 2, map[string]any{"command": "publish", "exit": 2.0}, 0, false},
		{"bad configuration", []string{"validate", "--config", badConfig}, 2, map[string]any{"command": "validate", "exit": 2.0}, 0, false},
		{"locked", []string{"run", "--out", held}, 3, map[string]any{"command": "run", "unit": "00154", "exit": 3.0}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if !strings.Contains(strings.Join(args, " "), "--log-format") {
				args = append(args, "--log-format", "json")
			}
			code, stdout, stderr := asxhAll(t, args...)
			if code != tt.code || stdout != "" {
				t.Errorf("exit %d, stdout %q; want %d and nothing", code, stdout, tt.code)
			}
			var recs []map[string]any
			for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
				var rec map[string]any
				if err := json.Unmarshal([]byte(line), &rec); err != nil {
					t.Fatalf("a line of stderr is not a JSON object: %v\n%s", err, line)
				}
				if rec["msg"] == "" || rec["level"] == "" {
					t.Errorf("a record without msg or level: %s", line)
				}
				recs = append(recs, rec)
			}
			last := recs[len(recs)-1]
			for k, v := range tt.last {
				if last[k] != v {
					t.Errorf("the last record's %s = %v, want %v: %v", k, last[k], v, last)
				}
			}
			if p, ok := last["published"].([]any); !ok && tt.published > 0 || len(p) != tt.published {
				t.Errorf("the last record's published = %v, want %d paths", last["published"], tt.published)
			}
			errs := 0.0
			for _, r := range recs[:len(recs)-1] {
				if r["code"] != nil && r["place"] != nil && r["level"] == "ERROR" {
					errs++
				}
			}
			if tt.findings && (errs < 2 || errs != last["errors"]) {
				t.Errorf("%v error findings records with code and place, the last record says %v errors", errs, last["errors"])
			}
		})
	}
}

// TestRunsLog: every run, validation, refused run and roll-up leaves its
// line in runs.log, naming the command and the unit.
func TestRunsLog(t *testing.T) {
	out := t.TempDir()
	asxh(t, "run", "--out", out)
	asxh(t, "validate", "--out", out)
	l, err := publish.Acquire(out, "pid 4242, bắt đầu lúc 01:30")
	if err != nil {
		t.Fatal(err)
	}
	asxh(t, "run", "--out", out)
	l.Release()
	// A roll-up refused (the folder is no ward's result) is logged in its
	// own output root.
	quan := t.TempDir()
	if code, stderr := asxh(t, "rollup", "--out", quan, t.TempDir()); code != 1 {
		t.Errorf("rollup of an empty folder: exit %d\n%s", code, stderr)
	}
	want := []struct {
		file string
		re   string
	}{
		{filepath.Join(out, "runs.log"), "\tcommand=run\tunit=00154\tyear=2020\tstatus=ok\t"},
		{filepath.Join(out, "runs.log"), "\tcommand=validate\tunit=00154\tyear=2020\tstatus=ok\t"},
		{filepath.Join(out, "runs.log"), "\tcommand=run\tunit=00154\tyear=2020\tstatus=locked: .*pid 4242"},
		{filepath.Join(quan, "runs.log"), "\tcommand=rollup\tunit=\\d+\tyear=2020\tstatus=refused\t"},
	}
	lines := map[string][]string{}
	for _, f := range []string{filepath.Join(out, "runs.log"), filepath.Join(quan, "runs.log")} {
		b, _ := os.ReadFile(f)
		lines[f] = strings.Split(strings.TrimSpace(string(b)), "\n")
	}
	i := map[string]int{}
	for _, w := range want {
		ls := lines[w.file]
		if i[w.file] >= len(ls) || !regexp.MustCompile(w.re).MatchString(ls[i[w.file]]) {
			t.Errorf("%s: line %d does not match %q:\n%s", w.file, i[w.file]+1, w.re, strings.Join(ls, "\n"))
		}
		i[w.file]++
	}
}

// TestMissingPaths: a folder or template that is not there is one
// sentence naming the path and what set it: the flag, or the
// configuration's key at its line.
func TestMissingPaths(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, nil, 0o644)
	config := func(old, new string) string {
		b, err := os.ReadFile("../../data/config.yaml") // whole: the keys below are in it
		if err != nil {
			t.Fatal(err)
		}
		tmpl, _ := filepath.Abs("../../templates/bao-cao-an-sinh-xa-hoi.tmpl")
		s := strings.Replace(string(b), "template: ../templates/bao-cao-an-sinh-xa-hoi.tmpl", "template: "+tmpl, 1)
		s = regexp.MustCompile(old).ReplaceAllString(s, new)
		p := filepath.Join(t.TempDir(), "config.yaml")
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	// at is where in the configuration file the key's value starts.
	at := func(path, key string) string {
		b, _ := os.ReadFile(path)
		for i, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(strings.TrimLeft(line, " "), key+": "); ok {
				return fmt.Sprintf("%s:%d:%d", path, i+1, len(line)-len(rest)+1)
			}
		}
		t.Fatalf("%s: no %s", path, key)
		return ""
	}
	noInput := config(`(?m)^input: .*$`, "input: khong-co")
	noTemplate := config(`(?m)^  template: .*$`, "  template: mau/khong-co.tmpl")
	badOutput := config(`(?m)^output: .*$`, "output: "+file+"/ket-qua")
	quan := districtConfig(t, "004", "Quận Long Biên")
	b, _ := os.ReadFile(quan)
	os.WriteFile(quan, regexp.MustCompile(`(?m)^  template: .*$`).ReplaceAll(b, []byte("  template: mau/khong-co.tmpl")), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"a roll-up's template", []string{"rollup", "--config", quan, "--out", dir, dir}, 2,
			quan + ": Không có mẫu báo cáo " + filepath.Join(filepath.Dir(quan), "mau/khong-co.tmpl") + " (khóa document.template)"},
		{"input by flag", []string{"validate", "--input", "/khong-co/asxh", "--out", dir}, 3,
			"Không có thư mục dữ liệu /khong-co/asxh (đặt bởi --input)."},
		{"input by the configuration", []string{"validate", "--config", noInput, "--out", dir}, 3,
			"Không có thư mục dữ liệu " + filepath.Join(filepath.Dir(noInput), "khong-co") + " (đặt bởi khóa input, " + at(noInput, "input") + ")."},
		{"output by flag", []string{"validate", "--out", file + "/ket-qua"}, 3,
			"Không có thư mục kết quả " + file + "/ket-qua (đặt bởi --out)."},
		{"output by the configuration", []string{"validate", "--config", badOutput}, 3,
			"Không có thư mục kết quả " + file + "/ket-qua (đặt bởi khóa output, " + at(badOutput, "output") + ")."},
		{"template", []string{"run", "--config", noTemplate, "--out", dir}, 2,
			at(noTemplate, "template") + ": Không có mẫu báo cáo " + filepath.Join(filepath.Dir(noTemplate), "mau/khong-co.tmpl") + " (khóa document.template)"},
	}
	for _, tt := range tests {
		code, stdout, stderr := asxhAll(t, tt.args...)
		if code != tt.code || stdout != "" || !strings.HasPrefix(stderr, tt.want+"\n") {
			t.Errorf("%s: exit %d, stderr\n%s\nwant exit %d and first\n%s", tt.name, code, stderr, tt.code, tt.want)
		}
	}
}
