package pipeline

import (
	"io"
	"path/filepath"
	"strconv"

	"asxh/pipeline/finding"
	"asxh/pipeline/render/pdf"
)

// FixSheet is the stem of the correction sheet, in MarkedDir: a page per
// register of what to fix, to print and take back to the desk.
const FixSheet = "phieu-sua-loi"

// fixSheet adds the correction sheet when a register has errors or
// warnings: register by register in the configuration's order, file by
// file, each finding with its row and the person on it. Like the marked
// copies it is this run's only, so it goes once the data is clean.
func fixSheet(j *Job, who map[rowAt]string) error {
	c := j.Config
	type fileKey struct{ reg, file string }
	lines := map[fileKey][]finding.Finding{}
	var order []fileKey
	input := map[string]bool{"": true} // "": the register as a whole (no file yet)
	for _, f := range j.Files {
		input[f.Name] = true
	}
	for _, f := range j.Findings.CausesFirst() {
		// a figure's own check is the configuration's finding, no row of a register's
		if f.Level <= finding.Info || c.Register(f.Register) == nil || !input[f.File] {
			continue
		}
		k := fileKey{f.Register, f.File}
		if lines[k] == nil {
			order = append(order, k)
		}
		lines[k] = append(lines[k], f)
	}
	if len(order) == 0 {
		return nil
	}
	x := pdf.Fixes{Year: c.Year, Issuer: c.Document.Issuer}
	for _, reg := range c.Order() {
		r := pdf.FixRegister{Title: reg.Title}
		for _, k := range order {
			if k.reg != reg.Key {
				continue
			}
			fs := finding.List(lines[k])
			sheets := map[string]bool{}
			for _, f := range fs {
				if f.Sheet != "" {
					sheets[f.Sheet] = true
				}
			}
			ff := pdf.FixFile{Name: k.file, Errors: fs.Count(finding.Error), Warning: fs.Count(finding.Warning)}
			for _, f := range fs {
				l := pdf.FixLine{Row: f.Row, Cell: f.Cell, Who: who[rowAt{f.File, f.Sheet, f.Row}], What: f.Message, Fix: f.Hint,
					Warning: f.Level == finding.Warning}
				if len(sheets) > 1 {
					l.Sheet = f.Sheet
				}
				ff.Lines = append(ff.Lines, l)
			}
			r.Files = append(r.Files, ff)
		}
		if len(r.Files) > 0 {
			x.Registers = append(x.Registers, r)
		}
	}
	out, err := j.spooled(filepath.Join(MarkedDir, FixSheet+"-"+strconv.Itoa(c.Year)+".pdf"), func(w io.Writer) error { return pdf.RenderFixes(x, c.Document.Day, w) })
	if err != nil {
		return err
	}
	j.Outputs = append(j.Outputs, out)
	return nil
}
