package pipeline

import (
	"asxh/pipeline/rollup"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"asxh/pipeline/finding"
	"asxh/pipeline/publish"
)

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
	if j.Rollup != nil {
		return "rollup"
	}
	if j.ValidateOnly {
		return "validate"
	}
	return "run"
}

// logRun appends this run's line to runs.log.
func (j *Job) logRun(err error) {
	var locked *publish.ErrLocked
	var refused *rollup.Refusal
	status := "ok"
	switch {
	case errors.As(err, &refused):
		status = "refused"
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
		Inputs: j.inputs(), Errors: j.Findings.Count(finding.Error), Warnings: j.Findings.Count(finding.Warning), Outputs: len(j.Published), Key: j.Key}
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

// inputs is how many inputs the run read: files, or a roll-up's results.
func (j *Job) inputs() int {
	if j.Rollup != nil {
		return len(j.ResultDirs)
	}
	return len(j.Files)
}
