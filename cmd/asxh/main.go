// Command asxh turns a ward's social-security registers into its annual
// report: a PDF for the committee and an XLSX working copy.
//
//	asxh run      [--config FILE] [--input DIR] [--out DIR] [--draft] [--force]
//	asxh validate [--config FILE] [--input DIR]
//	asxh version
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"asxh/pipeline"
	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/publish"
	"asxh/pipeline/render/xlsx"
	"asxh/pipeline/rollup"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// maxShown is how many findings stderr lists; the findings workbook has all.
const maxShown = 200

// Exit statuses, as cli.md defines them.
const (
	exitOK     = 0
	exitData   = 1 // the input data has errors; the final report is not published
	exitConfig = 2 // the command line or the configuration is wrong
	exitOther  = 3 // anything else
)

// memoryLimit is the heap size the garbage collector aims to stay under
// (a soft limit, GOMEMLIMIT overrides it): records stream through, so what
// the heap must hold is the distinct keys, and the machine that runs the
// nightly job runs other things too.
const memoryLimit = 100 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `Cách dùng:
  asxh run      [--config TỆP] [--input THƯ_MỤC] [--out THƯ_MỤC] [--draft] [--force]
  asxh validate [--config TỆP] [--input THƯ_MỤC] [--out THƯ_MỤC]
  asxh init     [--config TỆP] --out THƯ_MỤC [--force] (các sổ trống theo mẫu, để cán bộ điền)
  asxh rollup   --config TỆP [--out THƯ_MỤC] KẾT_QUẢ...   (tổng hợp kết quả đã xuất bản của các đơn vị)
  asxh version
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitConfig
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "version":
		fmt.Fprintln(stdout, "asxh", version)
		return exitOK
	case "init":
		return initRegisters(args, stdout, stderr)
	case "rollup":
		return rollupResults(args, stdout, stderr)
	case "run", "validate":
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "asxh: lệnh không có: %q\n%s", cmd, usage)
		return exitConfig
	}
	fl := flag.NewFlagSet("asxh "+cmd, flag.ContinueOnError)
	fl.SetOutput(stderr)
	job := &pipeline.Job{Version: version, ValidateOnly: cmd == "validate", Now: time.Now}
	if cmd == "run" {
		job.Build = selfHash() // only a run compares keys
	}
	fl.StringVar(&job.ConfigPath, "config", "data/config.yaml", "tệp cấu hình")
	fl.StringVar(&job.InputDir, "input", "", "thư mục dữ liệu (mặc định: theo cấu hình)")
	logFormat := fl.String("log-format", "text", "định dạng nhật ký trên stderr: text hoặc json")
	fl.DurationVar(&job.Settle, "settle", 2*time.Second, "xem tệp CSV hai lần cách nhau chừng này: tệp còn thay đổi coi như đang được chép, chưa đọc")
	fl.StringVar(&job.OutputDir, "out", "", "thư mục kết quả (mặc định: theo cấu hình)")
	if cmd == "run" {
		fl.BoolVar(&job.Draft, "draft", false, "xuất bản dự thảo khi dữ liệu còn lỗi")
		fl.BoolVar(&job.Force, "force", false, "dựng lại kể cả khi không có gì thay đổi")
	}
	if err := fl.Parse(args); err != nil {
		return exitConfig
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "asxh %s: thừa tham số: %v\n", cmd, fl.Args())
		return exitConfig
	}
	var h slog.Handler = slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo})
	switch *logFormat {
	case "text":
	case "json":
		h = slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo})
	default:
		fmt.Fprintf(stderr, "asxh: --log-format phải là text hoặc json\n")
		return exitConfig
	}
	job.Log = slog.New(h)
	if p, err := exec.LookPath("soffice"); err == nil {
		job.Soffice = p // .xls and .ods registers are read through LibreOffice
	}

	err := pipeline.Run(job)
	var ce config.Errors
	var locked *publish.ErrLocked
	switch {
	case errors.As(err, &ce):
		for _, e := range ce {
			fmt.Fprintln(stderr, e)
		}
		return exitConfig
	case errors.As(err, &locked):
		fmt.Fprintf(stderr, "asxh: %v\n", locked)
		return exitOther
	case err != nil:
		job.Log.Error("run failed", "err", err)
		return exitOther
	}
	if job.Unchanged {
		fmt.Fprintf(stdout, "Không có gì thay đổi từ lần xuất bản trước: %s\n", job.OutDir)
		return exitOK
	}
	shown := 0
	for _, f := range job.Findings.CausesFirst() {
		if f.Level == finding.Info {
			continue
		}
		if shown == maxShown {
			fmt.Fprintf(stderr, "… và %d lỗi, cảnh báo khác: xem tệp kiểm tra dữ liệu\n", job.Findings.Count(finding.Error)+job.Findings.Count(finding.Warning)-maxShown)
			break
		}
		fmt.Fprintln(stderr, f.Error())
		shown++
	}
	job.Log.Info("run finished", "errors", job.Findings.Count(finding.Error), "warnings", job.Findings.Count(finding.Warning), "published", job.Published)
	if job.DataErrors() {
		if cmd == "run" && !job.Draft {
			fmt.Fprintf(stderr, "Dữ liệu còn %d lỗi: báo cáo chưa được xuất bản; xem %s\n", job.Findings.Count(finding.Error), job.Published[0])
		}
		if cmd == "run" && job.Document != nil && job.Document.Draft {
			fmt.Fprintf(stderr, "Đã xuất bản bản DỰ THẢO: dữ liệu còn %d lỗi, các số liệu đánh dấu * chưa đầy đủ; %s\n",
				job.Findings.Count(finding.Error), strings.Join(job.Published, ", "))
		}
		return exitData
	}
	return exitOK
}

// initRegisters writes a blank workbook for every register of the
// configuration into the folder --out.
func initRegisters(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("asxh init", flag.ContinueOnError)
	fl.SetOutput(stderr)
	cfgPath := fl.String("config", "data/config.yaml", "tệp cấu hình")
	out := fl.String("out", "", "thư mục ghi các sổ trống")
	force := fl.Bool("force", false, "ghi đè các sổ đã có trong thư mục (mất dữ liệu đã nhập)")
	if err := fl.Parse(args); err != nil {
		return exitConfig
	}
	if *out == "" || fl.NArg() > 0 {
		fmt.Fprint(stderr, "asxh init: cần --out THƯ_MỤC\n", usage)
		return exitConfig
	}
	c, err := config.Load(*cfgPath)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitConfig
	}
	var files []publish.File
	for _, reg := range c.Registers {
		var buf bytes.Buffer
		if err := xlsx.Blank(c, reg, &buf); err != nil {
			fmt.Fprintf(stderr, "asxh init: %s: %v\n", reg.Key, err)
			return exitOther
		}
		files = append(files, publish.File{Name: xlsx.BlankName(reg), Data: buf.Bytes()})
	}
	write := publish.WriteNew // a blank register over a filled one would publish zeros
	if *force {
		write = publish.Write
	}
	err = write(*out, files)
	var exist *publish.ErrExist
	switch {
	case errors.As(err, &exist):
		fmt.Fprintf(stderr, "asxh init: thư mục %s đã có sổ, không ghi đè:\n  %s\nchọn thư mục khác, hoặc thêm --force để thay bằng sổ trống (mất dữ liệu đã nhập)\n",
			*out, strings.Join(exist.Paths, "\n  "))
		return exitConfig
	case err != nil:
		fmt.Fprintln(stderr, "asxh init:", err)
		return exitOther
	}
	for _, f := range files {
		fmt.Fprintln(stdout, filepath.Join(*out, f.Name))
	}
	return exitOK
}

// selfHash identifies this program's bytes, so that a rebuilt binary
// rebuilds the report even when its version string did not change.
func selfHash() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// rollupResults builds a district's report from its wards' published
// results (their year folders), reading no register.
func rollupResults(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("asxh rollup", flag.ContinueOnError)
	fl.SetOutput(stderr)
	cfgPath := fl.String("config", "data/quan-long-bien.yaml", "tệp cấu hình của quận")
	out := fl.String("out", "", "thư mục kết quả (mặc định: theo cấu hình)")
	if err := fl.Parse(args); err != nil {
		return exitConfig
	}
	if fl.NArg() == 0 {
		fmt.Fprint(stderr, "asxh rollup: cần các thư mục kết quả của đơn vị (ví dụ output/2020)\n", usage)
		return exitConfig
	}
	c, err := rollup.Load(*cfgPath)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitConfig
	}
	root := *out
	if root == "" {
		root = c.Resolve(c.Output)
	}
	if in := outputInInput(root, fl.Args()); in != "" {
		fmt.Fprintf(stderr, "asxh rollup: thư mục kết quả %s nằm trong kết quả đầu vào %s: bản tổng hợp sẽ ghi đè báo cáo của đơn vị\n", root, in)
		return exitConfig
	}
	dir, err := rollup.Run(c, fl.Args(), root, version, time.Now)
	var refused *rollup.Refusal
	var locked *publish.ErrLocked
	switch {
	case errors.As(err, &refused):
		fmt.Fprintf(stderr, "asxh rollup: không tổng hợp được:\n%v\n", refused)
		return exitData
	case errors.As(err, &locked):
		fmt.Fprintf(stderr, "asxh rollup: %v\n", locked)
		return exitOther
	case err != nil:
		fmt.Fprintln(stderr, "asxh rollup:", err)
		return exitOther
	}
	fmt.Fprintln(stdout, dir)
	return exitOK
}

// outputInInput returns the input a roll-up's output root is, or is
// inside, counting each result's own output root (its parent, when that
// bears an output root's marks: the result is its year folder there), or
// "" when it is apart from them all. Paths are compared with links
// resolved, since a result is itself a link.
func outputInInput(root string, results []string) string {
	out := resolved(root)
	for _, r := range results {
		abs, err := filepath.Abs(r)
		if err != nil {
			continue
		}
		ins := []string{resolved(abs)}
		if isOutputRoot(filepath.Dir(abs)) {
			ins = append(ins, resolved(filepath.Dir(abs)))
		}
		for _, in := range ins {
			if rel, err := filepath.Rel(in, out); err == nil && filepath.IsLocal(rel) {
				return r
			}
		}
	}
	return ""
}

// isOutputRoot reports whether dir is a run's output root: it holds the
// lock file or the releases.
func isOutputRoot(dir string) bool {
	for _, mark := range []string{publish.LockName, publish.ReleasesDir} {
		if _, err := os.Lstat(filepath.Join(dir, mark)); err == nil {
			return true
		}
	}
	return false
}

// resolved is path absolute with its links resolved, as far as it exists.
func resolved(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	rest := ""
	for p := abs; ; p = filepath.Dir(p) {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		if filepath.Dir(p) == p {
			return abs
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
}
