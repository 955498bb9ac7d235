package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"slices"
	"strings"
)

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
