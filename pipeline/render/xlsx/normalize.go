package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// writeNormalized writes f's package, normalised, to w.
func writeNormalized(f *excelize.File, w io.Writer) error {
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	data, err := normalize(buf.Bytes())
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// contentTypeRE matches one Default or Override element of [Content_Types].xml.
var contentTypeRE = regexp.MustCompile(`<(Default|Override) [^>]*?(?:/>|></(?:Default|Override)>)`)

// normalize rewrites an excelize package so that identical workbooks are
// identical bytes: excelize writes the package parts, and the content types
// inside [Content_Types].xml, in map order. Parts are sorted by name, with
// [Content_Types].xml first as Office writes it, and so are the content types.
func normalize(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(a, b *zip.File) int {
		const ct = "[Content_Types].xml"
		switch {
		case a.Name == ct:
			return -1
		case b.Name == ct:
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range files {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if f.Name == "[Content_Types].xml" {
			body = sortContentTypes(body)
		}
		if strings.HasPrefix(f.Name, "xl/worksheets/sheet") {
			body = fixDimension(body)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

var (
	rowRE  = regexp.MustCompile(`<row r="(\d+)"`)
	cellRE = regexp.MustCompile(`<c r="([A-Z]+)\d+"`)
)

// fixDimension sets the used range of a sheet that excelize's stream
// writer left at A1, from its first and last rows: streaming readers trust
// the dimension. Such a sheet is a listing (Chi tiết, Kiểm tra dữ liệu):
// it also gets a filter on its header, as the accountant expects.
func fixDimension(body []byte) []byte {
	const a1 = `<dimension ref="A1"></dimension>`
	i := bytes.Index(body, []byte(a1))
	if i < 0 {
		return body
	}
	rows := rowRE.FindAllSubmatchIndex(body, -1)
	if len(rows) < 2 {
		return body
	}
	last := string(body[rows[len(rows)-1][2]:rows[len(rows)-1][3]])
	width := 1
	for _, r := range [][]int{rows[0], rows[len(rows)-1]} {
		end := bytes.Index(body[r[0]:], []byte("</row>"))
		if end < 0 {
			continue
		}
		for _, c := range cellRE.FindAllSubmatch(body[r[0]:r[0]+end], -1) {
			if n, err := excelize.ColumnNameToNumber(string(c[1])); err == nil {
				width = max(width, n)
			}
		}
	}
	ref := "A1:" + colName(width) + last
	body = bytes.Replace(body, []byte(a1), []byte(`<dimension ref="`+ref+`"></dimension>`), 1)
	if !bytes.Contains(body, []byte("<autoFilter")) {
		body = bytes.Replace(body, []byte("</sheetData>"), []byte(`</sheetData><autoFilter ref="`+ref+`"></autoFilter>`), 1)
	}
	return body
}

func sortContentTypes(body []byte) []byte {
	locs := contentTypeRE.FindAllIndex(body, -1)
	if len(locs) == 0 {
		return body
	}
	elems := make([]string, len(locs))
	for i, l := range locs {
		elems[i] = string(body[l[0]:l[1]])
	}
	slices.Sort(elems) // Default sorts before Override
	var b bytes.Buffer
	b.Write(body[:locs[0][0]])
	for _, e := range elems {
		b.WriteString(e)
	}
	b.Write(body[locs[len(locs)-1][1]:])
	return b.Bytes()
}
