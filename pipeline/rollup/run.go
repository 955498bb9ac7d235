package rollup

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"asxh/internal/safefile"
	"asxh/pipeline/config"
	"asxh/pipeline/document"
	"asxh/pipeline/manifest"
	"asxh/pipeline/publish"
	"asxh/pipeline/render/pdf"
	"asxh/pipeline/render/xlsx"
)

// Run rolls the results in dirs up and publishes the report, its workbook
// and its own manifest under root/YEAR, so that a city can roll districts
// up the same way. It returns the year's folder.
func Run(c *Config, dirs []string, root, version string, now func() time.Time) (string, error) {
	start := now()
	results, err := Read(c, dirs, version)
	if err != nil {
		return "", err
	}
	figs, err := Compute(c, results)
	if err != nil {
		return "", err
	}
	src, err := safefile.ReadFile(c.Resolve(c.Document.Template), config.MaxSize)
	if err != nil {
		return "", err
	}
	doc, err := document.Build(c.AsReport(), figs, string(src), false)
	if err != nil {
		return "", err
	}
	in := xlsx.Input{Doc: doc, Figures: figs, ConfigHash: c.Hash, Version: version, Stamp: c.Document.Day}
	m := &manifest.Manifest{Tool: "asxh", Version: version, ConfigSHA256: c.Hash, Unit: manifest.Unit{Code: c.Unit.Code, Name: c.Unit.Name},
		Year: c.Year, Level: level(results[0].Manifest) + 1, Start: start.Format(time.RFC3339), Published: true}
	for _, r := range results {
		in.Sources = append(in.Sources, xlsx.Source{Name: r.Manifest.Unit.Name, Register: r.Manifest.Unit.Code, SHA256: r.SHA256, Size: r.Size})
		m.Inputs = append(m.Inputs, manifest.Input{Path: filepath.Join(r.Dir, manifest.Name), Register: r.Manifest.Unit.Code, SHA256: r.SHA256, Bytes: r.Size})
	}
	stem := c.Document.Name + "-" + strconv.Itoa(c.Year)
	var files []publish.File
	var buf bytes.Buffer
	if err := pdf.Render(doc, c.Document.Day, &buf); err != nil {
		return "", err
	}
	files = append(files, publish.File{Name: stem + ".pdf", Data: bytes.Clone(buf.Bytes())})
	buf.Reset()
	if err := xlsx.Render(in, &buf); err != nil {
		return "", err
	}
	files = append(files, publish.File{Name: stem + ".xlsx", Data: bytes.Clone(buf.Bytes())})
	for _, f := range files {
		m.Outputs = append(m.Outputs, manifest.Output{Path: f.Name, SHA256: manifest.Hash(f.Data), Bytes: int64(len(f.Data))})
	}
	m.Figures = manifest.FromFigures(figs.Figures)
	m.End = now().Format(time.RFC3339)
	data, err := m.Encode()
	if err != nil {
		return "", err
	}
	files = append(files, publish.File{Name: manifest.Name, Data: data})
	lock, err := publish.Acquire(root, publish.Holder(os.Getpid(), start.Format(time.RFC3339)))
	if err != nil {
		return "", err
	}
	// The flock goes with the file, and at the latest with the process:
	// a failure to release it after publishing changes nothing published.
	defer func() { _ = lock.Release() }()
	year := strconv.Itoa(c.Year)
	if err := publish.Release(root, year, files, nil); err != nil {
		return "", err
	}
	return filepath.Join(root, year), nil
}
