// Package pipeline runs the stages of a report in order. Read Ward (and
// Tail) to know the order of everything: data flows one way, each stage
// reading what earlier ones left in the Job and adding its own part. Each
// stage is a small type in its own file, stage_<name>.go.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"runtime/debug"
	"syscall"
	"time"

	"asxh/pipeline/config"
	"asxh/pipeline/document"
	"asxh/pipeline/figure"
	"asxh/pipeline/finding"
	"asxh/pipeline/manifest"
	"asxh/pipeline/publish"
	"asxh/pipeline/read"
	"asxh/pipeline/record"
	"asxh/pipeline/rollup"
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
	SheetRows    int    // rows a workbook sheet holds; 0 is Excel's 1,048,576 (tests make it small)
	RefsBudget   int    // bytes of the figures' references held before the rest spill; 0 is refsBudget (tests make it small)
	Now          func() time.Time
	Log          *slog.Logger
	Rollup       *rollup.Config // a roll-up's configuration, loaded (Rollup's stages)
	ResultDirs   []string       // a roll-up's inputs: its units' year folders
	Stale        bool           // a roll-up takes a unit's last final report while its new data has errors

	// Produced, in stage order.
	Config    *config.Config
	Template  string // the body template, read once: the run key hashes what the document uses
	Root      string // the output root
	OutDir    string // the year's output folder (a link to the current release)
	Started   time.Time
	lock      *publish.Lock
	spool     *publish.Spool // the outputs' files until published; removed when the run ends
	Files     []source.File
	Key       string          // hash of everything that decides the outputs
	Unchanged bool            // the last published run had the same key: nothing to do
	Reader    *read.Reader    // Reader to Records: until the figures, which let them go
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
	Published []string          // names written
	Results   []rollup.Result   // a roll-up's units' results, read and checked
	Excluded  []rollup.Excluded // units a lenient roll-up left out
}

// Stage is one step of a run.
type Stage interface {
	fmt.Stringer // the stage's name, which prefixes its errors
	Run(ctx context.Context, j *Job) error
}

// reportOnly marks a stage validate skips: validate stops at the findings.
type reportOnly interface{ reportOnly() }

// Ward is a ward's run, from its registers to its published report.
func Ward() []Stage {
	return append([]Stage{
		loadConfig{},      // read and check the configuration
		lockOutput{},      // one run at a time on an output folder
		findSources{},     // match the drop folder's files to registers
		lastYear{},        // last year's figures, for comparison (the key hashes them)
		checkUnchanged{},  // same key as the last published run: stop here
		readRecords{},     // find each table and type every row (a stream)
		validateRecords{}, // check records against the rules as they pass
		computeFigures{},  // count, sum and tabulate, consuming the stream
		buildDocument{},   // fill the body template with the figures
		markCopies{},      // the clerks' own workbooks, the cells to fix marked
	}, Tail()...)
}

// Tail is what every report's run ends with, a ward's or a roll-up's:
// record the run, draw its files (the workbook's sources from the
// record), publish them.
func Tail() []Stage {
	return []Stage{
		buildManifest{},  // the run's record: inputs, figures, findings
		render{},         // draw the PDF, the Word file and the workbooks
		publishOutputs{}, // swap the year's folder to the new release, atomically
	}
}

// Run runs a ward's stages.
func Run(ctx context.Context, j *Job) error { return RunStages(ctx, j, Ward()) }

// RunStages runs stages in order and stops at the first that fails, or
// when ctx is done. Data errors are not failures: they are findings, and
// DataErrors tells. Every run that got as far as its output folder leaves
// a line in runs.log.
func RunStages(ctx context.Context, j *Job, stages []Stage) (err error) {
	if j.Log == nil {
		j.Log = slog.New(slog.DiscardHandler)
	}
	if j.Now == nil {
		j.Now = func() time.Time { return time.Time{} }
	}
	j.Started = j.Now()
	defer func() {
		if err := j.Figures.Close(); err != nil {
			j.Log.Warn("không xóa được tệp tạm của danh sách bản ghi", "err", err)
		}
		if err := j.spool.Close(); err != nil {
			j.Log.Warn("không xóa được thư mục tạm của các tệp kết quả", "err", err)
		}
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
		if _, ok := s.(reportOnly); ok && j.ValidateOnly {
			continue
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: dừng trước bước này: %w", s, err)
		}
		if err := safeRun(ctx, s, j); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
		j.Log.Debug("stage done", "stage", s.String(), "findings", len(j.Findings))
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
func safeRun(ctx context.Context, s Stage, j *Job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			j.Log.Error("lỗi nội bộ", "stage", s.String(), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fmt.Errorf("lỗi nội bộ của chương trình (panic): %v", r)
		}
	}()
	return s.Run(ctx, j)
}

// DataErrors reports whether the findings block the final report.
func (j *Job) DataErrors() bool { return j.Findings.Count(finding.Error) > 0 }

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
