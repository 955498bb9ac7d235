package read

import (
	"bytes"
	"encoding/csv"
	"os"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// csvRows reads a CSV file saved by Excel: UTF-8 with or without BOM, or
// Windows-1258; comma or semicolon separated.
type csvRows struct {
	recs [][]string
	i    int
}

func openCSV(path string) (*csvRows, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		if data, err = charmap.Windows1258.NewDecoder().Bytes(data); err != nil {
			return nil, err
		}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	line, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(line, []byte(";")) > bytes.Count(line, []byte(",")) {
		r.Comma = ';'
	}
	recs, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	return &csvRows{recs: recs}, nil
}

func (c *csvRows) Next() bool {
	c.i++
	return c.i <= len(c.recs)
}

func (c *csvRows) Row() (int, []string) { return c.i, c.recs[c.i-1] }
func (c *csvRows) Err() error           { return nil }
func (c *csvRows) Close() error         { return nil }

// Font is unknown in CSV.
func (c *csvRows) Font(int, int) string { return "" }
