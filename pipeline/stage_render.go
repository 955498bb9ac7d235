package pipeline

import (
	"context"
	"io"
	"path/filepath"
	"strconv"
	"sync"

	"asxh/pipeline/document"
	"asxh/pipeline/publish"
	"asxh/pipeline/render/docx"
	"asxh/pipeline/render/pdf"
	"asxh/pipeline/render/xlsx"
)

// render draws the findings workbook of a run that read registers, and
// the report (PDF, Word, workbook) when the data allows it or a draft was
// asked for.
type render struct{}

func (render) String() string { return "render" }

func (render) Run(ctx context.Context, j *Job) error {
	c := j.Config
	year := strconv.Itoa(c.Year)
	in := xlsx.Input{Doc: j.Document, Figures: j.Figures, Findings: j.Findings, ConfigHash: c.Hash, Version: j.Version, Stamp: c.Document.Day,
		Titles: map[string]string{}, SheetRows: j.SheetRows}
	for _, r := range c.Registers {
		in.Titles[r.Key] = r.Title
	}
	if in.Doc == nil {
		in.Doc = &document.Document{Year: c.Year, Title: c.Document.Title}
	}
	for _, f := range j.Manifest.Inputs {
		name := f.Name
		if name == "" {
			name = filepath.Base(f.Path)
		}
		in.Sources = append(in.Sources, xlsx.Source{Name: name, Register: f.Register, SHA256: f.SHA256, Size: f.Bytes, Rows: f.RowsRead, Counted: f.RowsCounted})
	}
	// Each output is written to a file as it is drawn, never held (the
	// report workbook is some 70 MB at a million records); publish moves
	// the files into the new release.
	var outs []output
	out := func(name string, write func(io.Writer) error) {
		outs = append(outs, output{name, write})
	}
	if j.Rollup == nil {
		out(c.Document.Findings+"-"+year+".xlsx", func(w io.Writer) error { return xlsx.RenderFindings(in, w) })
	}
	if !j.ValidateOnly && (!j.DataErrors() || j.Draft) {
		stem := j.reportStem()
		if j.Document.Draft {
			stem += DraftSuffix
		}
		day := c.Document.Day
		out(stem+".pdf", func(w io.Writer) error { return pdf.Render(j.Document, day, w) })
		out(stem+".docx", func(w io.Writer) error { return docx.Render(j.Document, day, w) })
		out(stem+".xlsx", func(w io.Writer) error { return xlsx.Render(in, w) })
	}
	files, err := j.spooledAll(outs)
	j.Outputs = append(j.Outputs, files...)
	return err
}

// output is a file to draw: its name, and what writes it.
type output struct {
	name  string
	write func(io.Writer) error
}

// spooledAll draws the outputs at once, each on a goroutine of its own,
// into files of the run's spool: they only read what the stages before
// left, and the cores share them (the report workbook, drawn alone after
// the others, was most of what run takes beyond validate). The files, the
// first error and a panic (raised again here, where safeRun makes it the
// run's error) are taken in the outputs' order, whatever order they end
// in; on an error, the files drawn before it in that order are returned.
func (j *Job) spooledAll(outs []output) ([]publish.File, error) {
	if len(outs) == 0 {
		return nil, nil
	}
	s, err := j.spoolOf()
	if err != nil {
		return nil, err
	}
	files := make([]publish.File, len(outs))
	errs := make([]error, len(outs))
	panics := make([]any, len(outs))
	var wg sync.WaitGroup
	for i, o := range outs {
		wg.Go(func() {
			defer func() { panics[i] = recover() }()
			files[i], errs[i] = s.Write(o.name, o.write)
		})
	}
	wg.Wait()
	for i := range outs {
		if panics[i] != nil {
			panic(panics[i])
		}
		if errs[i] != nil {
			return files[:i], errs[i]
		}
	}
	return files, nil
}

// spooled writes the output name to a file of the run's spool, made at
// the first output.
func (j *Job) spooled(name string, write func(io.Writer) error) (publish.File, error) {
	s, err := j.spoolOf()
	if err != nil {
		return publish.File{}, err
	}
	return s.Write(name, write)
}

// spoolOf is the run's spool, made at the first use.
func (j *Job) spoolOf() (*publish.Spool, error) {
	if j.spool == nil {
		s, err := publish.NewSpool(j.Root, strconv.Itoa(j.Config.Year))
		if err != nil {
			return nil, err
		}
		j.spool = s
	}
	return j.spool, nil
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
