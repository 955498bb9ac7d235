package read

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"asxh/pipeline/finding"
)

// csvRows reads a CSV file saved by Excel: UTF-8 with or without BOM,
// Windows-1258, or UTF-16 with its BOM; comma, semicolon or tab separated.
// Quoting is strict: a lazy reader swallows everything after an unclosed
// quote into one field, and rows vanish. A record with a broken quote is a finding at its row; the
// reading goes on from the line after it, so no other row is lost.
type csvRows struct {
	recs     [][]string
	nums     []int // each record's row number
	i        int
	problems finding.List
}

// maxQuoteProblems bounds the broken quotes reported, and the rereading
// each costs, in one file.
const maxQuoteProblems = 20

func openCSV(path string) (*csvRows, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		// Excel's "Unicode Text", and CSV saved as UTF-16: the BOM says which.
		if data, err = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data); err != nil {
			return nil, err
		}
	case bytes.IndexByte(data, 0) >= 0:
		return nil, &fileProblem{msg: "tệp không phải là văn bản CSV (có byte 0: có thể là UTF-16 không có BOM hoặc một tệp khác đổi đuôi)",
			hint: "mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx"}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		if data, err = charmap.Windows1258.NewDecoder().Bytes(data); err != nil {
			return nil, err
		}
	}
	c := &csvRows{}
	return c, c.parse(data, separator(data))
}

// separator guesses the field separator: of comma, semicolon (Excel's under
// a Vietnamese locale, whose decimal mark is the comma) and tab, the one
// that splits a line among the first ones into the most filled fields. The
// header is among them; a title above it, with a comma in its text, does
// not decide. A tie keeps the comma.
func separator(data []byte) rune {
	best, most := ',', 0
	for _, sep := range []rune{',', ';', '\t'} {
		r := csv.NewReader(bytes.NewReader(data))
		r.Comma, r.FieldsPerRecord, r.LazyQuotes = sep, -1, true // a guess, not the reading
		for range 30 {
			rec, err := r.Read()
			if err != nil {
				break
			}
			n := 0
			for _, f := range rec {
				if strings.TrimSpace(f) != "" {
					n++
				}
			}
			if n > most {
				best, most = sep, n
			}
		}
	}
	return best
}

// parse reads every record of data, restarting after each broken quote.
func (c *csvRows) parse(data []byte, comma rune) error {
	start := 1 // the line of data the current reader starts on
	n := 0     // records and broken records so far: the row number
	for rest := data; ; {
		r := csv.NewReader(bytes.NewReader(rest))
		r.FieldsPerRecord = -1
		r.Comma = comma
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return nil
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) && (errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote)) {
				n++
				bad := start + pe.StartLine - 1
				if len(c.problems) == maxQuoteProblems {
					c.problems.Add(finding.Finding{Code: finding.FileError, Level: finding.Error, Row: n}.Say("too-many-quotes", finding.Args{"dong": bad}))
					return nil
				}
				c.problems.Add(finding.Finding{Code: finding.FileError, Level: finding.Error, Row: n}.Say("quotes", finding.Args{"dong": bad}))
				rest = afterLines(rest, pe.StartLine)
				start = bad + 1
				break
			}
			if err != nil {
				return err
			}
			n++
			c.recs = append(c.recs, rec)
			c.nums = append(c.nums, n)
		}
	}
}

// afterLines returns b after its first k lines.
func afterLines(b []byte, k int) []byte {
	for ; k > 0; k-- {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return nil
		}
		b = b[i+1:]
	}
	return b
}

func (c *csvRows) Next() bool {
	c.i++
	return c.i <= len(c.recs)
}

func (c *csvRows) Row() (int, []string) { return c.nums[c.i-1], c.recs[c.i-1] }
func (c *csvRows) Err() error           { return nil }
func (c *csvRows) Close() error         { return nil }

// Problems are the records that could not be read, as findings without
// their file: the caller places them.
func (c *csvRows) Problems() finding.List { return c.problems }

// Font is unknown in CSV.
func (c *csvRows) Font(int, int) string { return "" }
