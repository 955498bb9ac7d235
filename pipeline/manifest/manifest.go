// Package manifest is the record of a run, published beside its outputs as
// manifest.json: what went in (with hashes), what came out, the figures,
// and the run's key, by which an unchanged run is recognised.
package manifest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"

	"asxh/internal/safefile"
	"asxh/pipeline/figure"
)

// Name is the manifest's file name in a year's output folder.
const Name = "manifest.json"

// FinalName is the manifest of the last final report, kept beside it in
// every release until the next final report: a district rolls a ward up
// from it while the ward's new data still has errors.
const FinalName = "manifest-bao-cao-cuoi.json"

// Manifest is one run's record.
type Manifest struct {
	Tool         string `json:"tool"`
	Version      string `json:"version"`
	Key          string `json:"key"` // hash of everything that decides the outputs
	ConfigSHA256 string `json:"config_sha256"`
	Unit         Unit   `json:"unit"`
	Year         int    `json:"year"`
	// Level is how many roll-ups the figures went through: 0 for a unit
	// that read its registers, 1 for a district's roll-up of its wards,
	// 2 for a city's of its districts. A roll-up refuses mixed levels.
	Level      int      `json:"level"`
	Start      string   `json:"start"`
	End        string   `json:"end"`
	ExitStatus int      `json:"exit_status"`
	Published  bool     `json:"published"` // this run published the final report
	Draft      bool     `json:"draft"`     // this run published a draft
	Findings   Counts   `json:"findings"`
	Inputs     []Input  `json:"inputs"`
	Outputs    []Output `json:"outputs"`
	Figures    []Figure `json:"figures"`
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
	Name        string `json:"name,omitempty"` // what the sources sheet calls it, when not the file's name: a roll-up's unit
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

// MaxSize bounds a manifest.json: a real one is a few tens of kilobytes.
const MaxSize = 16 << 20

// Read reads the manifest in dir; a missing one is (nil, nil).
func Read(dir string) (*Manifest, error) {
	m, _, err := ReadRaw(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return m, err
}

// ReadRaw reads the manifest in dir and returns its bytes too. Only a
// regular file is read, and at most MaxSize of it: a FIFO named
// manifest.json must not hang the run.
func ReadRaw(dir string) (*Manifest, []byte, error) { return ReadRawNamed(dir, Name) }

// ReadRawNamed is ReadRaw of the manifest named name (Name or FinalName).
func ReadRawNamed(dir, name string) (*Manifest, []byte, error) {
	b, err := safefile.ReadFile(filepath.Join(dir, name), MaxSize)
	if err != nil {
		return nil, nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, b, err
	}
	return &m, b, nil
}

// HashFile returns the hex SHA-256 and size of the regular file at path,
// reading at most limit bytes.
func HashFile(path string, limit int64) (string, int64, error) {
	f, err := safefile.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", 0, err
	}
	if st.Size() > limit {
		return "", st.Size(), fmt.Errorf("%s: %w", path, safefile.ErrTooLarge)
	}
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, limit+1))
	if err != nil {
		return "", n, err
	}
	if n > limit {
		return "", n, fmt.Errorf("%s: %w", path, safefile.ErrTooLarge)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
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
	return len(m.Damaged(dir)) == 0
}

// Damaged returns the outputs the manifest lists that are not in dir with
// their recorded bytes: missing, changed, outside dir, or not regular files.
func (m *Manifest) Damaged(dir string) []string {
	var bad []string
	for _, o := range m.Outputs {
		if !filepath.IsLocal(o.Path) || o.Bytes < 0 {
			bad = append(bad, o.Path)
			continue
		}
		sum, n, err := HashFile(filepath.Join(dir, o.Path), o.Bytes)
		if err != nil || n != o.Bytes || sum != o.SHA256 {
			bad = append(bad, o.Path)
		}
	}
	return bad
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
