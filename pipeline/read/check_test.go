package read

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"asxh/internal/sample"
	"asxh/pipeline/finding"
	"asxh/pipeline/source"
)

// damage returns a spoiled copy of a good workbook.
func TestDamagedFiles(t *testing.T) {
	c := testConfig(t)
	dir := t.TempDir()
	rows := [][]any{head}
	for i := range 300 {
		rows = append(rows, []any{i + 1, "H" + strings.Repeat("x", i%7) + string(rune('A'+i%26)), "Lê Văn A", 3, "Nghèo", "Không"})
	}
	good := writeXLSX(t, dir, "ho.xlsx", sheet{rows: rows})
	data, _ := os.ReadFile(good.Path)
	sheetAt := bytes.Index(data, []byte("xl/worksheets/sheet1.xml"))
	// firstRow returns the workbook with cells added to its first row
	firstRow := func(cells string) func() []byte {
		return func() []byte {
			dst := filepath.Join(t.TempDir(), "ho.xlsx")
			if err := sample.EditPart(good.Path, dst, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
				i := bytes.Index(b, []byte("</row>"))
				return append(append(b[:i:i], cells...), b[i:]...)
			}); err != nil {
				t.Fatal(err)
			}
			d, _ := os.ReadFile(dst)
			return d
		}
	}
	tests := []struct {
		name  string
		bytes func() []byte
		want  string
	}{
		{"not a zip", func() []byte { return []byte("Mã hộ,Chủ hộ\nH1,A\n") }, "bị hỏng hoặc chưa chép xong"},
		{"truncated", func() []byte { return data[:len(data)*2/3] }, "bị hỏng hoặc chưa chép xong"},
		{"password", func() []byte { return append(append([]byte{}, cfbMagic...), make([]byte, 600)...) }, "mật khẩu"},
		{"bad checksum", func() []byte {
			d := bytes.Clone(data)
			// flip a byte of the first part's compressed data
			h := bytes.Index(d, []byte("PK\x03\x04"))
			n := binary.LittleEndian.Uint16(d[h+26:]) + binary.LittleEndian.Uint16(d[h+28:])
			d[h+30+int(n)+5] ^= 0xff
			return d
		}, "tệp bị hỏng"},
		{"lying size", func() []byte {
			d := bytes.Clone(data)
			cd := bytes.LastIndex(d, []byte("PK\x01\x02"))
			size := binary.LittleEndian.Uint32(d[cd+24:])
			binary.LittleEndian.PutUint32(d[cd+24:], size+100)
			return d
		}, "tệp bị hỏng"},
		{"over the size limit", nil, "tệp quá lớn"},
		{"cell past Excel's 32,767 characters", firstRow(`<c r="Z1" t="inlineStr"><is><t>` + strings.Repeat("x", 1<<20) + `</t></is></c>`), "dòng 1, cột 26: ô quá dài"},
		{"row past column XFD", firstRow(strings.Repeat(`<c><v>1</v></c>`, 20000)), "dòng 1, cột 16385: cột vượt quá XFD"},
		{"no sheets", func() []byte {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			w, _ := zw.Create("[Content_Types].xml")
			w.Write([]byte("<Types/>"))
			zw.Close()
			return b.Bytes()
		}, "không có trang tính"},
	}
	if sheetAt < 0 {
		t.Fatal("no sheet part in the good workbook")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ho.xlsx")
			if tt.bytes == nil { // a sparse file: large on paper, nothing on disk
				os.WriteFile(path, data, 0o644)
				if err := os.Truncate(path, maxFileSize+1); err != nil {
					t.Fatal(err)
				}
			} else {
				os.WriteFile(path, tt.bytes(), 0o644)
			}
			recs, fs := readAll(c, c.Register("ho"), source.File{Path: path, Name: "ho.xlsx", Register: "ho", Format: "xlsx"})
			if len(recs) != 0 || len(fs) != 1 || fs[0].Code != finding.FileError || fs[0].File != "ho.xlsx" || fs[0].Hint == "" {
				t.Fatalf("records %d, findings %v", len(recs), fs)
			}
			if !strings.Contains(fs[0].Message, tt.want) {
				t.Errorf("message %q lacks %q", fs[0].Message, tt.want)
			}
		})
	}
}
