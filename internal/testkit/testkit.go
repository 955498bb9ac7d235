// Package testkit builds small configurations and registers for the
// stages' tests: a configuration from YAML text, and the records read from
// CSV text, in a fresh folder.
package testkit

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/read"
	"asxh/pipeline/record"
	"asxh/pipeline/source"
)

// Document is a document section that satisfies the configuration check.
const Document = "document: {name: r, issuer: [X], place: X, date: 2021-01-15, kind: K, subject: S, template: t.tmpl}\n"

// Config parses src as c.yaml in a new folder holding its template t.tmpl
// and returns it with the folder.
func Config(t testing.TB, src string) (*config.Config, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "t.tmpl"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := config.Parse(filepath.Join(dir, "c.yaml"), []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return c, dir
}

// Read writes files (name → content) into dir and reads them as the
// pipeline does, returning the records and every finding so far.
func Read(t testing.TB, c *config.Config, dir string, files map[string]string) (record.Set, finding.List) {
	t.Helper()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	found, fs, err := source.Find(c, dir, false)
	if err != nil {
		t.Fatal(err)
	}
	set, _, rfs := read.Read(c, found, "")
	return set, append(fs, rfs...)
}

// CSV is the first sheet of the workbook at path as LibreOffice reads it,
// saved as UTF-8 CSV: what a user opening the file sees, in a form a test
// can search. LibreOffice runs with a profile of its own in a temporary
// folder, so tests may run it side by side.
func CSV(t testing.TB, path string) string {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice is needed to open the workbook: apt-get install -y libreoffice-calc-nogui")
	}
	conv := t.TempDir()
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(conv, "profile"), "--headless",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", conv, path)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	base := filepath.Base(path)
	data, err := os.ReadFile(filepath.Join(conv, strings.TrimSuffix(base, filepath.Ext(base))+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
