package read

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"asxh/internal/sample"
	"asxh/internal/xlsxstream"
	"asxh/pipeline/finding"
	"asxh/pipeline/record"
	"asxh/pipeline/source"
)

// TestSheetPastHeldBudget: a register's sheet that inflates past the
// budget of the parts held whole (a million rows are some 550 MB of XML)
// is streamed and read to its last row. It was refused as "quá lớn":
// the 256 MB meant for the shared strings applied to worksheets too.
func TestSheetPastHeldBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads a 270 MB sheet")
	}
	c, reg, src, recs := sampleBook(t, "bao-tro-xa-hoi.xlsx")
	last := recs[len(recs)-1].Row
	dst := filepath.Join(t.TempDir(), "bao-tro-xa-hoi.xlsx")
	added := 0
	err := sample.StreamPart(src, dst, sheetPart, func(w io.Writer, old []byte) error {
		s := string(old)
		start := strings.Index(s, fmt.Sprintf(`<row r="%d"`, last))
		end := start + strings.Index(s[start:], "</row>") + len("</row>")
		if start < 0 || end < start {
			return fmt.Errorf("no row %d", last)
		}
		// the last record's row again and again, numbered on; the total
		// and signature rows below it are left out
		io.WriteString(w, s[:end])
		cells := regexp.MustCompile(`r="([A-Z]*)\d+"`)
		written := int64(end)
		for n := last + 1; written < xlsxstream.DefaultBudget+(16<<20); n++ {
			row := cells.ReplaceAllString(s[start:end], fmt.Sprintf(`r="${1}%d"`, n))
			io.WriteString(w, row)
			written += int64(len(row))
			added++
		}
		_, err := io.WriteString(w, s[strings.Index(s, "</sheetData>"):])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	fs := readFile(context.Background(), c, reg, source.File{Path: dst, Name: "bao-tro-xa-hoi.xlsx", Register: reg.Key, Format: "xlsx"}, "", func(*record.Record) bool {
		n++
		return true
	})
	if fs.Count(finding.Error) > 0 || n != len(recs)+added {
		t.Errorf("%d records of %d, findings %v", n, len(recs)+added, fs)
	}
}
