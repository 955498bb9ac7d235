package pipeline

import (
	"context"
	"fmt"

	"asxh/pipeline/figure"
	"asxh/pipeline/finding"
	"asxh/pipeline/read"
	"asxh/pipeline/source"
)

// computeFigures pulls every record through reading and validation; for
// validate, it only counts them.
type computeFigures struct{}

func (computeFigures) String() string { return "figures" }

func (computeFigures) Run(ctx context.Context, j *Job) error {
	var prev map[string]float64
	if j.Previous != nil {
		prev = j.Previous.Values()
	}
	var b *figure.Builder
	if j.ValidateOnly {
		for range j.Records {
		}
	} else {
		b = figure.NewBuilder(j.Config, prev)
		s, err := j.spoolOf()
		if err != nil {
			return err
		}
		budget := j.RefsBudget
		if budget <= 0 {
			budget = refsBudget
		}
		b.SpillTo(s.Dir(), budget)
		b.Consume(j.Records)
	}
	if err := j.Reader.Err(); err != nil { // cancelled part way through a sheet
		if b != nil {
			figs, _ := b.Finish()
			figs.Close() // the references' spill file
		}
		return fmt.Errorf("dừng khi đang đọc: %w", err)
	}
	j.Stats = j.Reader.Stats
	j.Findings = append(j.Findings, j.Reader.Findings...)
	j.Findings = append(j.Findings, j.Overlap.Findings()...)
	j.Findings = append(j.Findings, emptyFiles(j.Files, j.Stats, j.Reader.Findings)...)
	j.Validator.Unread(j.Findings)
	j.Findings = append(j.Findings, j.Validator.Findings()...)
	if b != nil {
		figs, fs := b.Finish()
		j.Figures = figs
		j.Findings = append(j.Findings, fs...)
	}
	// The stream is consumed: what read and checked it is let go, so
	// that the outputs are drawn without the validator's keys (about
	// 100 MB at a million records) or the reader's buffers still held.
	j.Reader, j.Overlap, j.Validator, j.Records = nil, nil, nil, nil
	return nil
}

// refsBudget is how many bytes of the figures' references (some 12 a
// record counted) are held before the rest go to the spool: a run's
// memory is then flat in the records beyond the distinct keys.
const refsBudget = 8 << 20

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
			fs.Add(finding.Finding{Code: finding.EmptyFile, Level: finding.Warning, Register: f.Register, File: f.Name}.Say("", finding.Args{"tep": f.Name}))
		}
	}
	return fs
}
