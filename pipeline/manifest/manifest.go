// Package manifest is the record of a run, published beside its outputs as
// manifest.json: what went in (with hashes), what came out, the figures,
// and the run's key, by which an unchanged run is recognised.
package manifest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"

	"asxh/pipeline/figure"
)

// Name is the manifest's file name in a year's output folder.
const Name = "manifest.json"

// Manifest is one run's record.
type Manifest struct {
	Tool         string   `json:"tool"`
	Version      string   `json:"version"`
	Key          string   `json:"key"` // hash of everything that decides the outputs
	ConfigSHA256 string   `json:"config_sha256"`
	Unit         Unit     `json:"unit"`
	Year         int      `json:"year"`
	Start        string   `json:"start"`
	End          string   `json:"end"`
	ExitStatus   int      `json:"exit_status"`
	Published    bool     `json:"published"` // this run published the final report
	Draft        bool     `json:"draft"`     // this run published a draft
	Findings     Counts   `json:"findings"`
	Inputs       []Input  `json:"inputs"`
	Outputs      []Output `json:"outputs"`
	Figures      []Figure `json:"figures"`
}

// Unit is who reported.
type Unit struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Counts of findings by level.
type Counts struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Info     int `json:"info"`
}

// Input is one input file.
type Input struct {
	Path        string `json:"path"`
	Register    string `json:"register"`
	SHA256      string `json:"sha256"`
	Bytes       int64  `json:"bytes"`
	RowsRead    int    `json:"rows_read"`
	RowsCounted int    `json:"rows_counted"`
	Findings    int    `json:"findings"`
}

// Output is one published file, relative to the year's folder.
type Output struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
}

// Figure is one computed figure; a rate keeps its numerator and
// denominator so that results can be summed across wards.
type Figure struct {
	Key         string   `json:"key"`
	Label       string   `json:"label"`
	Unit        string   `json:"unit,omitempty"`
	Format      string   `json:"format"`
	Value       float64  `json:"value"`
	Numerator   *float64 `json:"numerator,omitempty"`
	Denominator *float64 `json:"denominator,omitempty"`
	Values      []string `json:"values,omitempty"`
}

// FromFigures records computed figures; a rate keeps its numerator and
// denominator, so that a roll-up recomputes it instead of adding it up.
func FromFigures(figs []*figure.Figure) []Figure {
	out := make([]Figure, 0, len(figs))
	for _, f := range figs {
		mf := Figure{Key: f.Key, Label: f.Label, Unit: f.Unit, Format: f.Format, Value: f.Value, Values: f.Values}
		if f.Rate {
			num, den := f.Num, f.Den
			mf.Numerator, mf.Denominator = &num, &den
		}
		out = append(out, mf)
	}
	return out
}

// Read reads the manifest in dir; a missing one is (nil, nil).
func Read(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, Name))
	if os.IsNotExist(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// Encode writes m as indented JSON.
func (m *Manifest) Encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	err := enc.Encode(m)
	return buf.Bytes(), err
}

// Intact reports whether every output the manifest lists is in dir with
// its recorded bytes.
func (m *Manifest) Intact(dir string) bool {
	for _, o := range m.Outputs {
		b, err := os.ReadFile(filepath.Join(dir, o.Path))
		if err != nil || int64(len(b)) != o.Bytes || Hash(b) != o.SHA256 {
			return false
		}
	}
	return true
}

// Hash is the hex SHA-256 of b.
func Hash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Values returns the figures by key.
func (m *Manifest) Values() map[string]float64 {
	out := map[string]float64{}
	for _, f := range m.Figures {
		out[f.Key] = f.Value
	}
	return out
}
