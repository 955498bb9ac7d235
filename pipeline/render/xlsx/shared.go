package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"regexp"
	"strconv"
	"strings"
)

// sharedStrings is the workbook's shared string table, as the listings'
// rows add to it while they are written: a text that repeats down a
// listing's column (a figure's label and key, the register, the file, the
// sheet) is written once in the table, and each cell refers to it by
// number. Written inline, those texts were half of Chi tiết's XML, and
// deflating the XML the largest part of drawing the report.
//
// The table excelize wrote (the headers, the tables' texts) is kept as
// it is, its own texts reused; what the listings add goes after it, and
// the part is written after every sheet (normalize), once it is known.
type sharedStrings struct {
	body  []byte         // excelize's part
	base  int            // its strings
	count int            // its cells that refer to it
	index map[string]int // a text's number
	added []string       // the texts added, numbered from base
	refs  int            // cells the listings made that refer to the table
}

// sharedPart is the shared string table's part name.
const sharedPart = "xl/sharedStrings.xml"

// maxShared bounds what a listing adds to the table: past it, a text is
// written in its cell (a column that does not repeat much).
const maxShared = 1 << 16

// maxSharedPart bounds excelize's table, read whole: the headers and the
// tables' texts, kilobytes.
const maxSharedPart = 16 << 20

var (
	sstCounts = regexp.MustCompile(`^<sst [^>]*?count="(\d+)" uniqueCount="(\d+)"[^>]*>`)
	sstPlain  = regexp.MustCompile(`<si><t>([^<&]*)</t></si>`)
)

// readShared reads excelize's table from its part; nil, and the listings
// write their texts inline, when it is not as excelize writes it.
func readShared(f *zip.File) (*sharedStrings, error) {
	body, err := readPart(f, maxSharedPart)
	if err != nil || len(body) > maxSharedPart {
		return nil, err
	}
	start := bytes.Index(body, []byte("<sst "))
	end := bytes.LastIndex(body, []byte("</sst>"))
	if start < 0 || end < start || len(bytes.TrimSpace(body[end+len("</sst>"):])) > 0 {
		return nil, nil
	}
	m := sstCounts.FindSubmatch(body[start:])
	if m == nil {
		return nil, nil
	}
	count, err1 := strconv.Atoi(string(m[1]))
	unique, err2 := strconv.Atoi(string(m[2]))
	if err1 != nil || err2 != nil || bytes.Count(body, []byte("<si>")) != unique {
		return nil, nil
	}
	s := &sharedStrings{body: body, base: unique, count: count, index: map[string]int{}}
	for i, si := range bytes.Split(body[start:end], []byte("<si>"))[1:] {
		if p := sstPlain.FindSubmatch(append([]byte("<si>"), si...)); p != nil && len(p[0]) == len(si)+len("<si>") {
			if _, ok := s.index[string(p[1])]; !ok {
				s.index[string(p[1])] = i
			}
		}
	}
	return s, nil
}

// id is text's number in the table, added when new; false when the table
// is full.
func (s *sharedStrings) id(text string) (int, bool) {
	if i, ok := s.index[text]; ok {
		return i, true
	}
	if len(s.added) >= maxShared {
		return 0, false
	}
	i := s.base + len(s.added)
	s.index[text] = i
	s.added = append(s.added, text)
	return i, true
}

// write writes the table: excelize's, its counts raised, then the texts
// added.
func (s *sharedStrings) write(zw *zip.Writer) error {
	w, err := create(zw, sharedPart)
	if err != nil {
		return err
	}
	start := bytes.Index(s.body, []byte("<sst "))
	end := bytes.LastIndex(s.body, []byte("</sst>"))
	m := sstCounts.FindSubmatchIndex(s.body[start:])
	var b bytes.Buffer
	b.Write(s.body[:start+m[2]])
	b.WriteString(strconv.Itoa(s.count + s.refs))
	b.Write(s.body[start+m[3] : start+m[4]])
	b.WriteString(strconv.Itoa(s.base + len(s.added)))
	b.Write(s.body[start+m[5] : end])
	for _, t := range s.added {
		if err := siXML(&b, t); err != nil {
			return err
		}
	}
	b.Write(s.body[end:])
	_, err = w.Write(b.Bytes())
	return err
}

// siXML writes one string of the table.
func siXML(b *bytes.Buffer, text string) error {
	if preserve(text) {
		b.WriteString(`<si><t xml:space="preserve">`)
	} else {
		b.WriteString(`<si><t>`)
	}
	if plainXML(text) {
		b.WriteString(text)
	} else if err := xml.EscapeText(b, []byte(text)); err != nil {
		return err
	}
	b.WriteString(`</t></si>`)
	return nil
}

// preserve reports whether a text's spaces at its ends must be kept.
func preserve(text string) bool { return strings.TrimSpace(text) != text }
