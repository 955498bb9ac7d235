package pipeline

import (
	"context"
	"errors"
	"io"
	"path/filepath"

	"asxh/pipeline/finding"
	"asxh/pipeline/render/xlsx"
)

// markCopies adds, for every input workbook with findings, a copy with the
// offending cells marked and commented. A file refused as damaged (or as
// a bomb) gets none: opening it whole is what the refusal avoided. A
// workbook too large to mark is a warning, so the clerk knows why the
// copy is missing. Beside them goes the correction sheet to print
// (fixSheet), from the same findings and the same people.
type markCopies struct{}

func (markCopies) String() string { return "marked" }

func (markCopies) Run(ctx context.Context, j *Job) error {
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
	who := people(j)
	for _, f := range j.Files { // in name order
		if f.Format != "xlsx" || len(byFile[f.Name]) == 0 || damaged[f.Name] {
			continue
		}
		var tooLarge *xlsx.TooLarge
		name := f.Name
		whoAt := func(sheet string, row int) string { return who[rowAt{name, sheet, row}] }
		out, err := j.spooled(filepath.Join(MarkedDir, f.Name), func(w io.Writer) error { return xlsx.Mark(f.Path, byFile[f.Name], whoAt, w) })
		if errors.As(err, &tooLarge) {
			j.Findings.Add(finding.Finding{Code: finding.FileError, Level: finding.Warning, Register: f.Register, File: f.Name}.
				Say("not-marked", finding.Args{"thu_muc": MarkedDir, "ly_do": err.Error()}))
			continue
		} else if err != nil {
			j.Log.Warn("không tạo được bản đánh dấu ô lỗi", "file", f.Name, "err", err)
			continue
		}
		j.Outputs = append(j.Outputs, out)
	}
	return fixSheet(j, who)
}
