// Package pipeline runs the stages of a report in order. Read the list in
// stages to know the order of everything: data flows one way, each stage
// reading what earlier ones left in the Job and adding its own part.
package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"asxh/internal/safefile"
	"asxh/pipeline/config"
	"asxh/pipeline/document"
	"asxh/pipeline/figure"
	"asxh/pipeline/finding"
	"asxh/pipeline/manifest"
	"asxh/pipeline/publish"
	"asxh/pipeline/read"
	"asxh/pipeline/record"
	"asxh/pipeline/render/docx"
	"asxh/pipeline/render/pdf"
	"asxh/pipeline/render/xlsx"
	"asxh/pipeline/source"
	"asxh/pipeline/validate"
)

// Job is one run: what was asked, and what each stage produced.
type Job struct {
	// Asked for.
	ConfigPath   string
	InputDir     string        // overrides the configuration's input folder
	OutputDir    string        // overrides the configuration's output root
	Draft        bool          // publish a marked draft even when the data has errors
	ValidateOnly bool          // stop after validation; write only the findings
	Force        bool          // rebuild even when nothing changed
	Settle       time.Duration // a CSV that changes between two looks this far apart is still arriving
	Version      string
	Build        string // identifies the program's bytes (the executable's hash), for the run key
	Soffice      string // LibreOffice, to read .xls and .ods registers; "" refuses them
	Now          func() time.Time
	Log          *slog.Logger

	// Produced, in stage order.
	Config    *config.Config
	Template  string // the body template, read once: the run key hashes what the document uses
	Root      string // the output root
	OutDir    string // the year's output folder (a link to the current release)
	Started   time.Time
	lock      *publish.Lock
	Files     []source.File
	Key       string // hash of everything that decides the outputs
	Unchanged bool   // the last published run had the same key: nothing to do
	Reader    *read.Reader
	Overlap   *source.Overlap // two files of one register with the same keys
	Validator *validate.Validator
	Records   record.Stream // lazy: records flow one at a time from the reader through validation to the figures
	Stats     map[string]read.Stats
	Findings  finding.List
	Previous  *manifest.Manifest // last year's published run, for comparison
	Figures   *figure.Set
	Document  *document.Document
	Outputs   []publish.File
	Manifest  *manifest.Manifest
	Published []string // names written
}

// stage is one step; report stages are skipped by validate.
type stage struct {
	name   string
	report bool
	run    func(*Job) error
}

var stages = []stage{
	{"config", false, loadConfig},        // read and check the configuration
	{"lock", false, lock},                // one run at a time on an output folder
	{"sources", false, findSources},      // match the drop folder's files to registers
	{"history", true, lastYear},          // last year's figures, for comparison (the key hashes them)
	{"unchanged", true, checkUnchanged},  // same key as the last published run: stop here
	{"read", false, readRecords},         // find each table and type every row (a stream)
	{"validate", false, validateRecords}, // check records against the rules as they pass
	{"figures", false, computeFigures},   // count, sum and tabulate, consuming the stream
	{"document", true, buildDocument},    // fill the body template with the figures
	{"render", false, render},            // draw the PDF and the workbooks, write the manifest
	{"publish", false, publishOutputs},   // swap the year's folder to the new release, atomically
}

// Run runs every stage in order and stops at the first that fails. Data
// errors are not failures: they are findings, and DataErrors tells. Every
// run that got as far as its output folder leaves a line in runs.log.
func Run(j *Job) (err error) {
	if j.Log == nil {
		j.Log = slog.New(slog.DiscardHandler)
	}
	if j.Now == nil {
		j.Now = func() time.Time { return time.Time{} }
	}
	j.Started = j.Now()
	defer func() {
		var locked *publish.ErrLocked
		switch {
		case j.lock != nil:
			j.logRun(err)
			j.lock.Release()
		case errors.As(err, &locked):
			j.logRun(err) // refused: the holder's line is its own, this one says who was turned away
		}
	}()
	for _, s := range stages {
		if s.report && j.ValidateOnly {
			continue
		}
		if err := s.safeRun(j); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		j.Log.Debug("stage done", "stage", s.name, "findings", len(j.Findings))
		if j.Unchanged {
			return nil
		}
	}
	return nil
}

// safeRun runs the stage and turns a panic into its error: a bug
// anywhere (a library that panics on an input, say) must fail the run —
// exit 3, status=failed in runs.log, nothing published — never crash it
// half-way or let it pass. Records flow on this goroutine, so one recover
// here covers reading, validation and the figures too.
func (s stage) safeRun(j *Job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			j.Log.Error("lỗi nội bộ", "stage", s.name, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fmt.Errorf("lỗi nội bộ của chương trình (panic): %v", r)
		}
	}()
	return s.run(j)
}

// DataErrors reports whether the findings block the final report.
func (j *Job) DataErrors() bool { return j.Findings.Count(finding.Error) > 0 }

func loadConfig(j *Job) error {
	c, err := config.Load(j.ConfigPath)
	j.Config = c
	if err != nil {
		return err
	}
	j.Root = j.OutputDir
	if j.Root == "" {
		j.Root = c.Resolve(c.Output)
	}
	j.OutDir = filepath.Join(j.Root, strconv.Itoa(c.Year))
	path := c.Resolve(c.Document.Template)
	tmpl, err := safefile.ReadFile(path, config.MaxSize)
	if err != nil {
		// The configuration names a template that is not there: its
		// mistake, at the line that names it.
		return config.Errors{c.ErrorAt("document.template", fmt.Sprintf("%s mẫu báo cáo %s (khóa document.template)", notUsable(err), path))}
	}
	j.Template = string(tmpl)
	return nil
}

// PathError is a folder the run needs and cannot use, with the setting
// that named it, so that whoever runs asxh knows what to change.
type PathError struct {
	What string // "thư mục dữ liệu"
	Path string
	From string // "--input", or "khóa input, data/config.yaml:4:8"
	Err  error
}

func (e *PathError) Error() string {
	return fmt.Sprintf("%s %s %s (đặt bởi %s).", notUsable(e.Err), e.What, e.Path, e.From)
}

func (e *PathError) Unwrap() error { return e.Err }

// notUsable says in the clerk's words why a path could not be used.
func notUsable(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "Không có"
	case errors.Is(err, fs.ErrPermission):
		return "Không có quyền dùng"
	case errors.Is(err, syscall.ENOTDIR):
		return "Không có" // a file stands where a folder of the path should be
	}
	return "Không dùng được (" + err.Error() + ")"
}

// from names the setting a path came from: the flag when it was given,
// else the configuration's key, placed.
func (j *Job) from(flag, flagValue, key string) string {
	if flagValue != "" {
		return flag
	}
	e := j.Config.ErrorAt(key, "")
	if e.Line == 0 {
		return fmt.Sprintf("khóa %s, %s", key, e.File)
	}
	return fmt.Sprintf("khóa %s, %s:%d:%d", key, e.File, e.Line, e.Column)
}

func lock(j *Job) error {
	if err := os.MkdirAll(j.Root, 0o755); err != nil {
		return &PathError{What: "thư mục kết quả", Path: j.Root, From: j.from("--out", j.OutputDir, "output"), Err: err}
	}
	l, err := publish.Acquire(j.Root, publish.Holder(os.Getpid(), j.Started.Format(time.RFC3339)))
	if err != nil {
		return err
	}
	if err := publish.CheckRoot(j.Root, RunsLog); err != nil {
		l.Release()
		return err
	}
	j.lock = l
	return nil
}

func findSources(j *Job) error {
	dir := j.InputDir
	if dir == "" {
		dir = j.Config.Resolve(j.Config.Input)
	}
	// Files the last run read whole need no second look: an unchanged
	// rerun stays instant.
	known := map[string]bool{}
	if last, _ := manifest.Read(j.OutDir); last != nil {
		for _, in := range last.Inputs {
			known[in.SHA256] = true
		}
	}
	files, found, err := source.FindWith(j.Config, dir, source.Options{Convert: j.Soffice != "", Settle: j.Settle, Known: known})
	if err != nil {
		return &PathError{What: "thư mục dữ liệu", Path: dir, From: j.from("--input", j.InputDir, "input"), Err: err}
	}
	j.Findings = append(j.Findings, found...)
	j.Files = files
	return nil
}

// checkUnchanged computes the run key and compares it with the last
// published run's: same program, configuration, template and inputs, and
// that run's outputs still intact, means the same outputs.
func checkUnchanged(j *Job) error {
	h := sha256.New()
	fmt.Fprintf(h, "asxh %s %s\nconfig %s\ndraft %v\n", j.Version, j.Build, j.Config.Hash, j.Draft)
	fmt.Fprintf(h, "template %s\n", manifest.Hash([]byte(j.Template)))
	for _, f := range j.Files {
		fmt.Fprintf(h, "input %s %s %s\n", f.Name, f.Register, f.SHA256)
	}
	for _, f := range j.Findings {
		fmt.Fprintf(h, "finding %s\n", f.Error()) // files left out or refused
	}
	// Last year's figures are columns of the report: their appearing or
	// changing changes it.
	if j.Previous != nil {
		prev := j.Previous.Values()
		for _, k := range slices.Sorted(maps.Keys(prev)) {
			fmt.Fprintf(h, "previous %s %v\n", k, prev[k])
		}
	}
	j.Key = hex.EncodeToString(h.Sum(nil))
	if j.Force {
		return nil
	}
	last, err := manifest.Read(j.OutDir)
	if err != nil || last == nil {
		return nil // no usable record: rebuild
	}
	j.Unchanged = last.Key == j.Key && last.ExitStatus == 0 && last.Intact(j.OutDir)
	if j.Unchanged {
		j.Manifest = last
	}
	return nil
}

func readRecords(j *Job) error {
	j.Reader = read.New(j.Config, j.Files, j.Soffice)
	j.Records = j.Reader.Records()
	j.Overlap = source.NewOverlap(j.Config, j.Files)
	j.Records = j.Overlap.Filter(j.Records)
	return nil
}

func validateRecords(j *Job) error {
	j.Validator = validate.New(j.Config)
	j.Records = j.Validator.Check(j.Records)
	return nil
}

// lastYear reads the previous year's manifest, when that year was published
// into the same output root.
func lastYear(j *Job) error {
	m, err := manifest.Read(filepath.Join(j.Root, strconv.Itoa(j.Config.Year-1)))
	if err != nil {
		j.Log.Warn("không đọc được manifest.json của năm trước", "err", err)
		return nil
	}
	if m != nil && m.Published {
		j.Previous = m
	}
	return nil
}

// computeFigures pulls every record through reading and validation; for
// validate, it only counts them.
func computeFigures(j *Job) error {
	var prev map[string]float64
	if j.Previous != nil {
		prev = j.Previous.Values()
	}
	var b *figure.Builder
	if !j.ValidateOnly {
		b = figure.NewBuilder(j.Config, prev)
	}
	for reg, rec := range j.Records {
		if b != nil {
			b.Add(reg, rec)
		}
	}
	j.Stats = j.Reader.Stats
	j.Findings = append(j.Findings, j.Reader.Findings...)
	j.Findings = append(j.Findings, j.Overlap.Findings()...)
	j.Findings = append(j.Findings, emptyFiles(j.Files, j.Stats, j.Reader.Findings)...)
	j.Findings = append(j.Findings, j.Validator.Findings()...)
	if b != nil {
		figs, fs := b.Finish()
		j.Figures = figs
		j.Findings = append(j.Findings, fs...)
	}
	return nil
}

// emptyFiles warns of every file read whole that gave no record: a blank
// register (one init wrote, say) in place of the clerk's counts zeros.
// A file the reader already refused is not mentioned twice.
func emptyFiles(files []source.File, stats map[string]read.Stats, said finding.List) finding.List {
	refused := map[string]bool{}
	for _, f := range said {
		if f.Level == finding.Error {
			refused[f.File] = true
		}
	}
	var fs finding.List
	for _, f := range files {
		if stats[f.Name].Rows == 0 && !refused[f.Name] {
			fs.Add(finding.Finding{Code: finding.EmptyFile, Level: finding.Warning, Register: f.Register, File: f.Name,
				Message: fmt.Sprintf("tệp %s không có dòng dữ liệu nào: sổ được tính là 0", f.Name),
				Hint:    "kiểm tra đã chép đúng tệp sổ đã nhập, không phải sổ trống"})
		}
	}
	return fs
}

func buildDocument(j *Job) error {
	// Characters the PDF cannot draw, in the configuration and the
	// template, are a warning at their line (the reader warns at the cell
	// for the registers'); the PDF draws a substitute.
	if data, err := os.ReadFile(j.Config.Path); err == nil {
		j.Findings = append(j.Findings, pdf.CheckSource(filepath.Base(j.Config.Path), data)...)
	}
	j.Findings = append(j.Findings, pdf.CheckSource(filepath.Base(j.Config.Document.Template), []byte(j.Template))...)
	draft := j.Draft && j.DataErrors()
	if draft {
		errs, failed := j.uncertain()
		j.Figures.MarkUncertain(j.Config, errs, failed)
	}
	d, err := document.Build(j.Config, j.Figures, j.Template, draft)
	j.Document = d
	return err
}

// uncertain counts the errors found in each register's data, what a
// draft's figures over it are uncertain by, and names the figures that
// failed their own checks (whose findings name the figure as the rule).
func (j *Job) uncertain() (errs map[string]int, failed map[string]bool) {
	errs, failed = map[string]int{}, map[string]bool{}
	for _, f := range j.Findings {
		switch {
		case f.Level != finding.Error:
		case figure.Checked(f.Code):
			failed[f.Rule] = true
		case f.Register != "" && f.File != filepath.Base(j.Config.Path):
			errs[f.Register]++
		}
	}
	return errs, failed
}

// render draws the findings workbook always, the clerks' marked copies,
// the report when the data allows it or a draft was asked for, and last
// the manifest of it all.
func render(j *Job) error {
	c := j.Config
	year := strconv.Itoa(c.Year)
	in := xlsx.Input{Doc: j.Document, Figures: j.Figures, Findings: j.Findings, ConfigHash: c.Hash, Version: j.Version, Stamp: c.Document.Day}
	if in.Doc == nil {
		in.Doc = &document.Document{Year: c.Year, Title: c.Document.Title}
	}
	for _, f := range j.Files {
		cnt := 0
		if j.Figures != nil {
			cnt = j.Figures.Counted[f.Name]
		}
		in.Sources = append(in.Sources, xlsx.Source{Name: f.Name, Register: f.Register, SHA256: f.SHA256, Size: f.Size, Rows: j.Stats[f.Name].Rows, Counted: cnt})
	}
	// Marking first: a copy it cannot make is a finding of its own.
	if err := markCopies(j); err != nil {
		return err
	}
	in.Findings = j.Findings
	var buf bytes.Buffer
	if err := xlsx.RenderFindings(in, &buf); err != nil {
		return err
	}
	j.Outputs = append(j.Outputs, publish.File{Name: c.Document.Findings + "-" + year + ".xlsx", Data: bytes.Clone(buf.Bytes())})
	if !j.ValidateOnly && (!j.DataErrors() || j.Draft) {
		stem := j.reportStem()
		if j.Document.Draft {
			stem += DraftSuffix
		}
		buf.Reset()
		if err := pdf.Render(j.Document, c.Document.Day, &buf); err != nil {
			return err
		}
		j.Outputs = append(j.Outputs, publish.File{Name: stem + ".pdf", Data: bytes.Clone(buf.Bytes())})
		buf.Reset()
		if err := docx.Render(j.Document, c.Document.Day, &buf); err != nil {
			return err
		}
		j.Outputs = append(j.Outputs, publish.File{Name: stem + ".docx", Data: bytes.Clone(buf.Bytes())})
		buf.Reset()
		if err := xlsx.Render(in, &buf); err != nil {
			return err
		}
		j.Outputs = append(j.Outputs, publish.File{Name: stem + ".xlsx", Data: bytes.Clone(buf.Bytes())})
	}
	return nil
}

// DraftSuffix ends the names of a draft's files, so a draft never
// replaces the final report.
const DraftSuffix = "-du-thao"

func (j *Job) reportStem() string {
	return j.Config.Document.Name + "-" + strconv.Itoa(j.Config.Year)
}

// MarkedDir is the folder, under the year's output, of the clerks' own
// workbooks with the cells to fix marked.
const MarkedDir = "sua-loi"

// markCopies adds, for every input workbook with findings, a copy with the
// offending cells marked and commented. A file refused as damaged (or as
// a bomb) gets none: opening it whole is what the refusal avoided. A
// workbook too large to mark is a warning, so the clerk knows why the
// copy is missing.
func markCopies(j *Job) error {
	byFile := map[string][]finding.Finding{}
	damaged := map[string]bool{}
	for _, f := range j.Findings {
		if f.Level > finding.Info {
			byFile[f.File] = append(byFile[f.File], f)
		}
		if f.Code == finding.FileError {
			damaged[f.File] = true
		}
	}
	for _, f := range j.Files { // in name order
		if f.Format != "xlsx" || len(byFile[f.Name]) == 0 || damaged[f.Name] {
			continue
		}
		var buf bytes.Buffer
		var tooLarge *xlsx.TooLarge
		if err := xlsx.Mark(f.Path, byFile[f.Name], &buf); errors.As(err, &tooLarge) {
			j.Findings.Add(finding.Finding{Code: finding.FileError, Level: finding.Warning, Register: f.Register, File: f.Name,
				Message: "không tạo bản đánh dấu ô lỗi trong " + MarkedDir + ": " + err.Error()})
			continue
		} else if err != nil {
			j.Log.Warn("không tạo được bản đánh dấu ô lỗi", "file", f.Name, "err", err)
			continue
		}
		j.Outputs = append(j.Outputs, publish.File{Name: filepath.Join(MarkedDir, f.Name), Data: buf.Bytes()})
	}
	return nil
}

// publishOutputs writes the outputs and the manifest as a new release of
// the year's folder. The final report of the last good run is carried
// over when this run publishes none; marked copies and findings are
// always this run's. validate changes only the findings: the rest of the
// folder, manifest included, stays as the last run left it.
func publishOutputs(j *Job) error {
	final := j.reportStem()
	publishing := !j.ValidateOnly && !j.DataErrors()
	keep := func(name string) bool {
		switch {
		case j.ValidateOnly:
			return filepath.Dir(name) != MarkedDir
		case name == final+".pdf", name == final+".xlsx", name == final+".docx":
			return !publishing
		case name == final+DraftSuffix+".pdf", name == final+DraftSuffix+".xlsx", name == final+DraftSuffix+".docx":
			return !publishing // a draft goes once the data is clean
		}
		return false
	}
	files := j.Outputs
	if !j.ValidateOnly {
		j.Manifest = j.record(publishing)
		data, err := j.Manifest.Encode()
		if err != nil {
			return err
		}
		files = append(files, publish.File{Name: manifest.Name, Data: data})
	}
	if err := publish.Release(j.Root, strconv.Itoa(j.Config.Year), files, keep); err != nil {
		return err
	}
	for _, o := range j.Outputs {
		j.Published = append(j.Published, filepath.Join(j.OutDir, o.Name))
	}
	return nil
}

// record builds the manifest of this run.
func (j *Job) record(published bool) *manifest.Manifest {
	status := 0
	if j.DataErrors() {
		status = 1
	}
	m := &manifest.Manifest{Tool: "asxh", Version: j.Version, Key: j.Key, ConfigSHA256: j.Config.Hash, Year: j.Config.Year,
		Unit:  manifest.Unit{Code: j.Config.Unit.Code, Name: j.Config.Unit.Name},
		Start: j.Started.Format(time.RFC3339), End: j.Now().Format(time.RFC3339), ExitStatus: status,
		Published: published, Draft: j.Document != nil && j.Document.Draft,
		Findings: manifest.Counts{Errors: j.Findings.Count(finding.Error), Warnings: j.Findings.Count(finding.Warning), Info: j.Findings.Count(finding.Info)}}
	perFile := map[string]int{}
	for _, f := range j.Findings {
		perFile[f.File]++
	}
	for _, f := range j.Files {
		in := manifest.Input{Path: f.Path, Register: f.Register, SHA256: f.SHA256, Bytes: f.Size, RowsRead: j.Stats[f.Name].Rows, Findings: perFile[f.Name]}
		if j.Figures != nil {
			in.RowsCounted = j.Figures.Counted[f.Name]
		}
		m.Inputs = append(m.Inputs, in)
	}
	for _, o := range j.Outputs {
		m.Outputs = append(m.Outputs, manifest.Output{Path: o.Name, SHA256: manifest.Hash(o.Data), Bytes: int64(len(o.Data))})
	}
	if j.Figures != nil {
		m.Figures = manifest.FromFigures(j.Figures.Figures)
	}
	return m
}

// RunsLog is the file in the output root with one line per run.
const RunsLog = "runs.log"

// RunLine is one line of runs.log: when, which command for which unit and
// year, how it ended, and its counts. The roll-up writes its lines too.
type RunLine struct {
	Started  time.Time
	Command  string // run, validate, rollup
	Unit     string // the unit's code
	Year     int
	Status   string // ok, unchanged, data-errors, refused, locked, failed: …
	Inputs   int
	Errors   int
	Warnings int
	Outputs  int
	Key      string
}

// String is the line, tab-separated name=value fields, one line whatever
// an error said.
func (l RunLine) String() string {
	return fmt.Sprintf("%s\tcommand=%s\tunit=%s\tyear=%d\tstatus=%s\tinputs=%d\terrors=%d\twarnings=%d\toutputs=%d\tkey=%.12s\n",
		l.Started.Format(time.RFC3339), l.Command, l.Unit, l.Year, strings.Join(strings.Fields(l.Status), " "), l.Inputs, l.Errors, l.Warnings, l.Outputs, l.Key)
}

// Command is what the job was asked to do, as runs.log and the final
// record name it.
func (j *Job) Command() string {
	if j.ValidateOnly {
		return "validate"
	}
	return "run"
}

// logRun appends this run's line to runs.log.
func (j *Job) logRun(err error) {
	var locked *publish.ErrLocked
	status := "ok"
	switch {
	case errors.As(err, &locked):
		status = "locked: " + locked.Error()
	case err != nil:
		status = "failed: " + err.Error()
	case j.Unchanged:
		status = "unchanged"
	case j.DataErrors():
		status = "data-errors"
	}
	line := RunLine{Started: j.Started, Command: j.Command(), Unit: j.Config.Unit.Code, Year: j.Config.Year, Status: status,
		Inputs: len(j.Files), Errors: j.Findings.Count(finding.Error), Warnings: j.Findings.Count(finding.Warning), Outputs: len(j.Published), Key: j.Key}
	if err := publish.Append(j.Root, RunsLog, line.String()); err != nil {
		j.Log.Warn("không ghi được runs.log", "err", err)
	}
}

// Report is what this run published of the report (the PDF, the Word
// file and the workbook, a draft's included) and the findings workbook,
// as paths under the year's folder; none when it published nothing.
func (j *Job) Report() (report []string, findings string) {
	if j.Config == nil {
		return nil, ""
	}
	want := j.Config.Document.Findings + "-" + strconv.Itoa(j.Config.Year) + ".xlsx"
	for _, p := range j.Published {
		switch name := filepath.Base(p); {
		case name == want:
			findings = p
		case strings.HasPrefix(name, j.reportStem()) && filepath.Dir(p) == j.OutDir:
			report = append(report, p)
		}
	}
	return report, findings
}
