// Command asxh turns a ward's social-security registers into its annual
// report: a PDF for the committee, a Word copy and an XLSX working copy.
//
//	asxh run      [--config FILE] [--draft] [--force] [--input DIR] [--log-format text|json] [--out DIR] [--settle 2s]
//	asxh validate [--config FILE] [--input DIR] [--log-format text|json] [--out DIR] [--settle 2s]
//	asxh init     [--config FILE] [--force] --out DIR
//	asxh rollup   [--config DISTRICT.yaml] [--out DIR] RESULT...
//	asxh version  (or --version)
//	asxh help [COMMAND]  (or --help, COMMAND --help)
//
// The help each command prints (commands, below) is the reference; the
// README's "Commands" section says the same in English.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"asxh/pipeline"
	"asxh/pipeline/config"
	"asxh/pipeline/district"
	"asxh/pipeline/finding"
	"asxh/pipeline/publish"
	"asxh/pipeline/render/xlsx"
	"asxh/pipeline/rollup"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// commit names the commit built from when the Go toolchain could not
// record it (-buildvcs=false, a git worktree): -ldflags "-X main.commit=…".
var commit = ""

// maxShown is how many findings stderr lists; the findings workbook has all.
const maxShown = 200

// Exit statuses, as the help's "Mã thoát" and the README define them.
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
	// An interrupt or systemd's stop ends a run cleanly between stages,
	// lock released, nothing half-published.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// options are the flags of every command; each command defines its own.
type options struct {
	config, input, out, logFormat string
	settle                        time.Duration
	draft, force, stale           bool
}

// command is one of asxh's commands and its help.
type command struct {
	name    string
	args    string // what follows the flags
	summary string // one line, in the list of commands
	about   string // what it does
	exits   string // the exit statuses it uses
	example string
	flags   func(fl *flag.FlagSet, o *options)
	main    func(ctx context.Context, o *options, args []string, stdout, stderr io.Writer) int
}

// argName is what a flag's value is called in the help.
var argName = map[string]string{"config": "TỆP", "input": "THƯ_MỤC", "out": "THƯ_MỤC", "settle": "THỜI_GIAN", "log-format": "text|json"}

const exitsRun = `  0  đã xuất bản báo cáo (hoặc không có gì thay đổi từ lần xuất bản trước)
  1  dữ liệu còn lỗi: báo cáo chính thức chưa được xuất bản, báo cáo đã xuất bản
     lần trước giữ nguyên; tệp kiểm tra dữ liệu và các bản đánh dấu ô lỗi được ghi
  2  sai dòng lệnh hoặc cấu hình (thông báo chỉ tệp:dòng:cột)
  3  lỗi khác: không đọc/ghi được thư mục, một lần chạy khác đang giữ thư mục kết
     quả (thông báo nêu tên), lỗi nội bộ
`

func commands() []*command {
	common := func(fl *flag.FlagSet, o *options) {
		fl.StringVar(&o.config, "config", "data/config.yaml", "tệp cấu hình")
		fl.StringVar(&o.input, "input", "", "thư mục chứa các sổ (mặc định: khóa input của cấu hình)")
		fl.StringVar(&o.out, "out", "", "thư mục kết quả (mặc định: khóa output của cấu hình)")
		fl.DurationVar(&o.settle, "settle", 2*time.Second, "xem mỗi tệp CSV, .xls, .ods hai lần cách nhau chừng này:\ntệp còn thay đổi coi như đang được chép, chưa đọc")
		fl.StringVar(&o.logFormat, "log-format", "text", "nhật ký trên stderr: text (cho người đọc) hoặc json\n(mỗi dòng một đối tượng JSON, cho máy thu thập)")
	}
	return []*command{{
		name:    "run",
		summary: "đọc các sổ, kiểm tra, tính số liệu và xuất bản báo cáo năm",
		about: `Đọc mọi sổ trong thư mục dữ liệu, kiểm tra từng dòng, tính số liệu, dựng báo cáo
(PDF, Word, Excel) và xuất bản vào THƯ_MỤC_KẾT_QUẢ/<năm>. Dữ liệu còn lỗi thì
không xuất bản: tệp kiểm tra dữ liệu và các bản đánh dấu ô lỗi (sua-loi/) chỉ
ra tệp, trang tính và ô cần sửa. Chạy lại khi không có gì thay đổi thì xong ngay.
Kết thúc bằng một dòng nói điều đã xảy ra, kèm đường dẫn các tệp.
`,
		exits:   exitsRun,
		example: "asxh run --config data/config.yaml\n  asxh run --draft --out /tmp/du-thao\n  asxh run --log-format json   # cho tác vụ chạy hằng đêm",
		flags: func(fl *flag.FlagSet, o *options) {
			common(fl, o)
			fl.BoolVar(&o.draft, "draft", false, "dữ liệu còn lỗi vẫn xuất bản, làm bản DỰ THẢO (tên tệp có -du-thao,\nkhông thay báo cáo chính thức)")
			fl.BoolVar(&o.force, "force", false, "dựng lại kể cả khi không có gì thay đổi")
		},
		main: func(ctx context.Context, o *options, args []string, stdout, stderr io.Writer) int {
			return report(ctx, "run", o, args, stdout, stderr)
		},
	}, {
		name:    "validate",
		summary: "chỉ kiểm tra các sổ và ghi tệp kiểm tra dữ liệu",
		about: `Đọc và kiểm tra mọi sổ như lệnh run, rồi dừng: chỉ ghi tệp kiểm tra dữ liệu
và các bản đánh dấu ô lỗi; báo cáo đã xuất bản giữ nguyên.
`,
		exits: `  0  dữ liệu không có lỗi (có thể có cảnh báo)
  1  dữ liệu còn lỗi; xem tệp kiểm tra dữ liệu
  2  sai dòng lệnh hoặc cấu hình (thông báo chỉ tệp:dòng:cột)
  3  lỗi khác: không đọc/ghi được thư mục, thư mục kết quả đang bị giữ, lỗi nội bộ
`,
		example: "asxh validate --input /srv/asxh/nhan-so --out /tmp/kiem-tra",
		flags:   common,
		main: func(ctx context.Context, o *options, args []string, stdout, stderr io.Writer) int {
			return report(ctx, "validate", o, args, stdout, stderr)
		},
	}, {
		name:    "init",
		summary: "ghi các sổ trống theo mẫu, để cán bộ điền",
		about: `Ghi vào --out một sổ Excel trống cho mỗi sổ của cấu hình: tiêu đề, dòng tiêu đề
cột, định dạng, danh sách chọn cho mỗi cột có giá trị cố định. Không bao giờ ghi
đè sổ đã có, trừ khi có --force.
`,
		exits: `  0  đã ghi các sổ trống (in đường dẫn từng sổ)
  2  sai dòng lệnh hoặc cấu hình, hoặc thư mục đã có sổ (không ghi đè)
  3  lỗi khác: không ghi được thư mục
`,
		example: "asxh init --out /srv/asxh/mau-so",
		flags: func(fl *flag.FlagSet, o *options) {
			fl.StringVar(&o.config, "config", "data/config.yaml", "tệp cấu hình")
			fl.StringVar(&o.out, "out", "", "thư mục ghi các sổ trống (bắt buộc)")
			fl.BoolVar(&o.force, "force", false, "ghi đè các sổ đã có trong thư mục (mất dữ liệu đã nhập)")
		},
		main: initRegisters,
	}, {
		name:    "rollup",
		args:    "KẾT_QUẢ...",
		summary: "tổng hợp kết quả đã xuất bản của các đơn vị (quận, thành phố)",
		about: `Dựng báo cáo của quận (hoặc thành phố) từ kết quả đã xuất bản của các đơn vị:
mỗi KẾT_QUẢ là thư mục năm của một đơn vị (có manifest.json), không đọc sổ nào.
Kết quả sai, thiếu, bị sửa tay hay trùng đơn vị thì bị từ chối, nêu tên.
`,
		exits: `  0  đã xuất bản báo cáo tổng hợp
  1  có kết quả bị từ chối (thông báo nêu tên và lý do); không xuất bản
  2  sai dòng lệnh hoặc cấu hình
  3  lỗi khác: không đọc/ghi được thư mục, thư mục kết quả đang bị giữ, lỗi nội bộ
`,
		example: "asxh rollup --config data/quan-long-bien.yaml --out output/quan \\\n      /srv/phuong-cu-khoi/output/2020 /srv/phuong-thach-ban/output/2020",
		flags: func(fl *flag.FlagSet, o *options) {
			fl.StringVar(&o.config, "config", "data/quan-long-bien.yaml", "tệp cấu hình của quận")
			fl.StringVar(&o.out, "out", "", "thư mục kết quả (mặc định: khóa output của cấu hình)")
			fl.BoolVar(&o.stale, "allow-stale", false, "đơn vị có dữ liệu mới còn lỗi: tổng hợp theo báo cáo đã xuất bản gần nhất\n(ghi chú trong báo cáo); đơn vị chưa có báo cáo nào: ghi là chưa tổng hợp")
		},
		main: rollupResults,
	}}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return exitConfig
	}
	name, args := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return help(args, stdout, stderr)
	case "version", "-version", "--version":
		bi, _ := debug.ReadBuildInfo()
		fmt.Fprintln(stdout, versionLine(bi))
		return exitOK
	}
	c := lookup(name)
	if c == nil && jsonAsked(args) {
		newTeller(stderr, true).end(nil, exitConfig, fmt.Sprintf("asxh: không có lệnh %q. Xem: asxh help", name), "command", name)
		return exitConfig
	} else if c == nil {
		fmt.Fprintf(stderr, "asxh: không có lệnh %q.\n\n%s", name, usage())
		return exitConfig
	}
	var o options
	fl := flagSet(c, &o)
	if err := fl.Parse(args); errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, c.help())
		return exitOK
	} else if err != nil {
		return refuse(c, o.logFormat, args, flagError(err), stderr)
	}
	if c.args == "" && fl.NArg() > 0 {
		return refuse(c, o.logFormat, args, fmt.Sprintf("thừa tham số: %s", strings.Join(fl.Args(), " ")), stderr)
	}
	return c.main(ctx, &o, fl.Args(), stdout, stderr)
}

// refuse ends a command whose command line is wrong: one sentence, in the
// log format asked for (looked for in the arguments, since they did not
// parse), and the way to its help.
func refuse(c *command, format string, args []string, msg string, stderr io.Writer) int {
	t := newTeller(stderr, format == "json" || jsonAsked(args))
	t.end(nil, exitConfig, fmt.Sprintf("asxh %s: %s. Xem: asxh help %s", c.name, msg, c.name), "command", c.name)
	return exitConfig
}

// jsonAsked reports whether args ask for --log-format json, for the
// messages written before they are parsed, or when they do not parse.
func jsonAsked(args []string) bool {
	for i, a := range args {
		a = strings.TrimLeft(a, "-")
		if a == "log-format=json" || a == "log-format" && i+1 < len(args) && args[i+1] == "json" {
			return true
		}
	}
	return false
}

// flagError says in Vietnamese what the flag package found wrong.
func flagError(err error) string {
	msg := err.Error()
	for _, t := range []struct{ en, vi string }{
		{"flag provided but not defined: ", "không có tùy chọn "},
		{"flag needs an argument: ", "thiếu giá trị sau tùy chọn "},
		{"invalid value ", "giá trị không hợp lệ "},
		{"invalid boolean value ", "giá trị không hợp lệ "},
		{"bad flag syntax: ", "tùy chọn viết sai: "},
	} {
		if rest, ok := strings.CutPrefix(msg, t.en); ok {
			rest = strings.Replace(rest, " for flag ", " cho tùy chọn ", 1)
			rest = strings.TrimSuffix(rest, ": parse error")
			return t.vi + rest
		}
	}
	return msg
}

func lookup(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// flagSet is the command's flags, writing nothing itself: asxh says what
// went wrong in its own words.
func flagSet(c *command, o *options) *flag.FlagSet {
	fl := flag.NewFlagSet("asxh "+c.name, flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	fl.Usage = func() {}
	c.flags(fl, o)
	return fl
}

// synopsis is the command's line in "Cách dùng", made from its flags so
// that it names every one.
func (c *command) synopsis() string {
	var o options
	fl := flagSet(c, &o)
	s := "asxh " + c.name
	fl.VisitAll(func(f *flag.Flag) {
		arg := ""
		if a := argName[f.Name]; a != "" {
			arg = " " + a
		}
		if strings.Contains(f.Usage, "(bắt buộc)") {
			s += " --" + f.Name + arg
		} else {
			s += " [--" + f.Name + arg + "]"
		}
	})
	if c.args != "" {
		s += " " + c.args
	}
	return s
}

// help is the command's whole help: what it does, every flag with its
// default, the exit statuses and an example.
func (c *command) help() string {
	var b strings.Builder
	fmt.Fprintf(&b, "asxh %s: %s\n\nCách dùng:\n  %s\n\n%s\nTùy chọn:\n", c.name, c.summary, c.synopsis(), c.about)
	var o options
	fl := flagSet(c, &o)
	fl.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(&b, "  --%s", f.Name)
		if a := argName[f.Name]; a != "" {
			fmt.Fprintf(&b, " %s", a)
		}
		usage := strings.ReplaceAll(f.Usage, "\n", "\n      ")
		fmt.Fprintf(&b, "\n      %s", usage)
		if f.DefValue != "" && f.DefValue != "false" {
			fmt.Fprintf(&b, " (mặc định: %s)", f.DefValue)
		}
		b.WriteString("\n")
	})
	fmt.Fprintf(&b, "\nMã thoát:\n%s\nVí dụ:\n  %s\n", c.exits, c.example)
	return b.String()
}

// usage is the help of asxh itself: every command with every flag, the
// exit statuses and examples.
func usage() string {
	var b strings.Builder
	b.WriteString("asxh: báo cáo an sinh xã hội năm từ các sổ Excel của phường, xã\n\nCách dùng:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %s\n", c.synopsis())
	}
	b.WriteString("  asxh version\n  asxh help [LỆNH]\n\nCác lệnh:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(&b, "  %-9s %s\n  %-9s %s\n", "version", "in phiên bản và commit của chương trình (cũng: --version)",
		"help", "in hướng dẫn này, hoặc của một lệnh (cũng: --help, LỆNH --help)")
	fmt.Fprintf(&b, `
Mặc định --config là data/config.yaml; thư mục dữ liệu và thư mục kết quả lấy
theo khóa input, output của cấu hình; --input, --out thay cho chúng.

Mã thoát:
%s
Ví dụ:
  asxh run                          # báo cáo năm của phường mẫu, vào output/2020
  asxh validate --input ~/so-lieu   # chỉ kiểm tra các sổ
  asxh help run                     # mọi tùy chọn của lệnh run
`, exitsRun)
	return b.String()
}

// help prints asxh's help, or a command's.
func help(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage())
		return exitOK
	}
	if c := lookup(args[0]); c != nil {
		fmt.Fprint(stdout, c.help())
		return exitOK
	}
	if args[0] == "version" || args[0] == "help" {
		fmt.Fprint(stdout, usage())
		return exitOK
	}
	fmt.Fprintf(stderr, "asxh help: không có lệnh %q.\n\n%s", args[0], usage())
	return exitConfig
}

// versionLine names the version and the commit the program was built
// from, as the Go toolchain recorded it (go build in a git clone), or as
// -X main.commit set it.
func versionLine(bi *debug.BuildInfo) string {
	var rev, modified, at string
	if bi != nil {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			case "vcs.time":
				at = s.Value
			}
		}
	}
	if rev == "" {
		rev = commit
	}
	if rev == "" {
		return "asxh " + version + " (không rõ commit: dựng bằng go build trong bản sao git, hoặc thêm -ldflags \"-X main.commit=$(git rev-parse HEAD)\")"
	}
	s := "asxh " + version + " (commit " + rev
	if at != "" {
		s += " lúc " + at
	}
	if modified == "true" {
		s += ", có sửa đổi chưa commit"
	}
	return s + ")"
}

// teller writes what asxh has to say on stderr: plain lines for a person
// at a terminal, or with --log-format json one JSON object a line for a
// collector, the findings and the final record included.
type teller struct {
	w    io.Writer
	log  *slog.Logger // also the pipeline's log, in the same format
	json bool
}

func newTeller(w io.Writer, json bool) *teller {
	o := &slog.HandlerOptions{Level: slog.LevelInfo}
	var h slog.Handler = slog.NewTextHandler(w, o)
	if json {
		h = slog.NewJSONHandler(w, o)
	}
	return &teller{w: w, log: slog.New(h), json: json}
}

// say writes one message: as it is, or as a record at level with attrs.
func (t *teller) say(level slog.Level, msg string, attrs ...any) {
	if t.json {
		t.log.Log(context.Background(), level, msg, attrs...)
		return
	}
	fmt.Fprintln(t.w, msg)
}

// end writes the one line that says what happened: on stdout when all
// went well (if stdout is given), else on stderr; with json, the final
// record on stderr, carrying attrs and the exit status.
func (t *teller) end(stdout io.Writer, code int, msg string, attrs ...any) {
	if t.json {
		level := slog.LevelInfo
		switch code {
		case exitOK:
		case exitData:
			level = slog.LevelWarn
		default:
			level = slog.LevelError
		}
		t.log.Log(context.Background(), level, msg, append(attrs, "exit", code)...)
		return
	}
	w := t.w
	if code == exitOK && stdout != nil {
		w = stdout
	}
	fmt.Fprintln(w, msg)
}

var levels = map[finding.Level]slog.Level{finding.Info: slog.LevelInfo, finding.Warning: slog.LevelWarn, finding.Error: slog.LevelError}

// report runs (or validates) one unit's report.
func report(ctx context.Context, cmd string, o *options, _ []string, stdout, stderr io.Writer) int {
	var t *teller
	switch o.logFormat {
	case "text", "json":
		t = newTeller(stderr, o.logFormat == "json")
	default:
		return refuse(lookup(cmd), "text", nil, "--log-format phải là text hoặc json", stderr)
	}
	job := &pipeline.Job{Version: version, ValidateOnly: cmd == "validate", Now: time.Now, Log: t.log,
		ConfigPath: o.config, InputDir: o.input, OutputDir: o.out, Settle: o.settle, Draft: o.draft, Force: o.force}
	if cmd == "run" {
		job.Build = selfHash() // only a run compares keys
	}
	if p, err := exec.LookPath("soffice"); err == nil {
		job.Soffice = p // .xls and .ods registers are read through LibreOffice
	}

	if rollup.IsDistrict(job.ConfigPath) {
		if job.InputDir != "" {
			return refuse(lookup(cmd), o.logFormat, nil, "--input không dùng với cấu hình của quận: mỗi phường có thư mục dữ liệu của mình", stderr)
		}
		return runDistrict(ctx, job, stdout, stderr)
	}
	err := pipeline.Run(ctx, job)
	reportPaths, findingsPath := job.Report()
	if reportPaths == nil {
		reportPaths = []string{} // published nothing: [] in JSON, not null
	}
	attrs := []any{"command", cmd}
	if job.Config != nil {
		attrs = append(attrs, "unit", job.Config.Unit.Code, "year", job.Config.Year)
	}
	attrs = append(attrs, "published", reportPaths, "findings", findingsPath,
		"errors", job.Findings.Count(finding.Error), "warnings", job.Findings.Count(finding.Warning))
	var ce config.Errors
	var locked *publish.ErrLocked
	var path *pipeline.PathError
	switch {
	case errors.As(err, &ce):
		for _, e := range ce {
			t.say(slog.LevelError, e.Error(), "file", e.File, "line", e.Line, "column", e.Column)
		}
		t.end(stdout, exitConfig, fmt.Sprintf("Cấu hình có %d lỗi, chưa chạy; sửa %s rồi chạy lại.", len(ce), ce[0].File), attrs...)
		return exitConfig
	case errors.As(err, &locked):
		t.end(stdout, exitOther, fmt.Sprintf("Không chạy: %v.", locked), attrs...)
		return exitOther
	case errors.As(err, &path):
		t.end(stdout, exitOther, path.Error(), attrs...)
		return exitOther
	case err != nil:
		t.end(stdout, exitOther, fmt.Sprintf("Lỗi, chưa xuất bản gì: %v", err), attrs...)
		return exitOther
	}
	if job.Unchanged {
		t.end(stdout, exitOK, fmt.Sprintf("Không có gì thay đổi từ lần xuất bản trước: %s", job.OutDir), append(attrs, "unchanged", true)...)
		return exitOK
	}
	shown := 0
	for _, f := range job.Findings.CausesFirst() {
		if f.Level == finding.Info {
			continue
		}
		if shown == maxShown {
			t.say(slog.LevelWarn, fmt.Sprintf("… và %d lỗi, cảnh báo khác: xem tệp kiểm tra dữ liệu", job.Findings.Count(finding.Error)+job.Findings.Count(finding.Warning)-maxShown))
			break
		}
		t.say(levels[f.Level], f.Error(), "code", f.Code, "place", f.Place(), "register", f.Register)
		shown++
	}
	errs, warns := job.Findings.Count(finding.Error), job.Findings.Count(finding.Warning)
	see := "xem " + findingsPath
	if marked := filepath.Join(job.OutDir, pipeline.MarkedDir); hasUnder(job.Published, marked) {
		see += " và các bản đánh dấu ô lỗi trong " + marked
	}
	code, line := exitOK, ""
	switch {
	case cmd == "validate" && errs > 0:
		code, line = exitData, fmt.Sprintf("Dữ liệu còn %d lỗi; %s", errs, see)
	case cmd == "validate":
		line = fmt.Sprintf("Dữ liệu không có lỗi (%d cảnh báo); %s", warns, see)
	case errs > 0 && job.Document != nil && job.Document.Draft:
		code, line = exitData, fmt.Sprintf("Đã xuất bản bản DỰ THẢO báo cáo năm %d: %s; dữ liệu còn %d lỗi, các số liệu đánh dấu * chưa đầy đủ; %s", job.Config.Year, strings.Join(reportPaths, ", "), errs, see)
	case errs > 0:
		code, line = exitData, fmt.Sprintf("Dữ liệu còn %d lỗi, chưa xuất bản; %s", errs, see)
	case warns > 0:
		line = fmt.Sprintf("Đã xuất bản báo cáo năm %d: %s; có %d cảnh báo, %s", job.Config.Year, strings.Join(reportPaths, ", "), warns, see)
	default:
		line = fmt.Sprintf("Đã xuất bản báo cáo năm %d: %s", job.Config.Year, strings.Join(reportPaths, ", "))
	}
	t.end(stdout, code, line, append(attrs, "draft", job.Document != nil && job.Document.Draft)...)
	return code
}

// hasUnder reports whether a path lies in dir.
func hasUnder(paths []string, dir string) bool {
	for _, p := range paths {
		if filepath.Dir(p) == dir {
			return true
		}
	}
	return false
}

// initRegisters writes a blank workbook for every register of the
// configuration into the folder --out.
func initRegisters(_ context.Context, o *options, _ []string, stdout, stderr io.Writer) int {
	if o.out == "" {
		fmt.Fprint(stderr, "asxh init: cần --out THƯ_MỤC. Xem: asxh help init\n")
		return exitConfig
	}
	c, err := config.Load(o.config)
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
	if o.force {
		write = publish.Write
	}
	err = write(o.out, files)
	var exist *publish.ErrExist
	switch {
	case errors.As(err, &exist):
		fmt.Fprintf(stderr, "asxh init: thư mục %s đã có sổ, không ghi đè:\n  %s\nchọn thư mục khác, hoặc thêm --force để thay bằng sổ trống (mất dữ liệu đã nhập)\n",
			o.out, strings.Join(exist.Paths, "\n  "))
		return exitConfig
	case err != nil:
		fmt.Fprintln(stderr, "asxh init:", err)
		return exitOther
	}
	for _, f := range files {
		fmt.Fprintln(stdout, filepath.Join(o.out, f.Name))
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
func rollupResults(ctx context.Context, o *options, results []string, stdout, stderr io.Writer) int {
	if len(results) == 0 {
		fmt.Fprint(stderr, "asxh rollup: cần các thư mục kết quả của đơn vị (ví dụ output/2020). Xem: asxh help rollup\n")
		return exitConfig
	}
	c, err := rollup.Load(o.config)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitConfig
	}
	root := o.out
	if root == "" {
		root = c.Resolve(c.Output)
	}
	if in := outputInInput(root, results); in != "" {
		fmt.Fprintf(stderr, "asxh rollup: thư mục kết quả %s nằm trong kết quả đầu vào %s: bản tổng hợp sẽ ghi đè báo cáo của đơn vị\n", root, in)
		return exitConfig
	}
	job := &pipeline.Job{Rollup: c, ResultDirs: results, OutputDir: root, Version: version, Now: time.Now, Stale: o.stale,
		Log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	err = pipeline.RunStages(ctx, job, pipeline.Rollup())
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
	if job.Document != nil {
		for _, n := range job.Document.Appendix.Notes {
			fmt.Fprintln(stderr, n)
		}
	}
	fmt.Fprintln(stdout, job.OutDir)
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

// runDistrict runs every ward the district's configuration lists, then
// the roll-up, then writes the status page.
func runDistrict(ctx context.Context, job *pipeline.Job, stdout, stderr io.Writer) int {
	c, err := rollup.Load(job.ConfigPath)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitConfig
	}
	n := district.Run(ctx, c, district.Options{Version: job.Version, Build: job.Build, Soffice: job.Soffice, Settle: job.Settle,
		Force: job.Force, Draft: job.Draft, ValidateOnly: job.ValidateOnly, OutputDir: job.OutputDir, Now: job.Now, Log: job.Log})
	for _, w := range n.Wards {
		name := w.Config
		if w.Job.Config != nil {
			name = w.Job.Config.Unit.FullName()
		}
		line := fmt.Sprintf("%s: %s", name, w.Status())
		switch {
		case w.Err != nil:
			line += ": " + strings.Join(strings.Fields(w.Err.Error()), " ")
		case w.Job.DataErrors():
			line += fmt.Sprintf(" (%d lỗi)", w.Job.Findings.Count(finding.Error))
		}
		fmt.Fprintln(stdout, line)
	}
	if n.Rollup != nil && n.RollupErr == nil {
		fmt.Fprintln(stdout, "Báo cáo tổng hợp:", n.Rollup.OutDir)
	}
	if n.RollupErr != nil {
		fmt.Fprintln(stderr, "asxh: tổng hợp của quận:", n.RollupErr)
	}
	fmt.Fprintln(stdout, "Tình trạng:", filepath.Join(n.Root, district.IndexName))
	return n.Exit()
}
