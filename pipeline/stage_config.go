package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"

	"asxh/internal/safefile"
	"asxh/pipeline/config"
)

// loadConfig reads and checks the configuration, and the body template.
type loadConfig struct{}

func (loadConfig) String() string { return "config" }

func (loadConfig) Run(ctx context.Context, j *Job) error {
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
