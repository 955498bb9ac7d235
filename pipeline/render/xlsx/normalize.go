package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"cmp"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// writeNormalized writes f's package, normalised, to w. excelize can only
// write a whole package, so its compressed bytes are held once; every
// part is then streamed from them (see normalize), never inflated whole.
func writeNormalized(f *excelize.File, w io.Writer) error {
	return writePackage(f, w, nil)
}

// writePackage is writeNormalized with the rows of some sheets, by part
// name, written by fills as the package is written (book.listing).
func writePackage(f *excelize.File, w io.Writer, fills map[string]fill) error {
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return normalize(bytes.NewReader(buf.Bytes()), int64(buf.Len()), w, fills)
}

// writeOwn is writePackage for a workbook asxh writes whole: the saved
// result of each of its formulas that is a number is also marked as one
// (see numericResults).
func writeOwn(f *excelize.File, w io.Writer, fills map[string]fill) error {
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return normalizeWith(bytes.NewReader(buf.Bytes()), int64(buf.Len()), w, fills, true)
}

// contentTypes is the package's list of content types, first in the zip.
const contentTypes = "[Content_Types].xml"

// maxContentTypes bounds [Content_Types].xml, read whole as the small
// parts are: it has one line per part, a few kilobytes.
const maxContentTypes = 1 << 20

// contentTypeRE matches one Default or Override element of [Content_Types].xml.
var contentTypeRE = regexp.MustCompile(`<(Default|Override) [^>]*?(?:/>|></(?:Default|Override)>)`)

// normalize rewrites an excelize package, read from r, to w so that
// identical workbooks are identical bytes: excelize writes the package
// parts, and the content types inside [Content_Types].xml, in map order.
// Parts are sorted by name, with [Content_Types].xml first as Office
// writes it, and so are the content types. It is one streaming pass per
// part: a part that needs no change is copied compressed as it is, a
// sheet whose dimension must be set is inflated twice as a stream (once
// to measure, once to copy with the change), so memory stays bounded
// whatever the size of a sheet. A part in fills gets, before the end of
// its sheetData, the rows its fill writes; "sheet10" sorts after "sheet9",
// so the sheets of one listing are written in their order.
func normalize(r io.ReaderAt, size int64, w io.Writer, fills map[string]fill) error {
	return normalizeWith(r, size, w, fills, false)
}

// normalizeWith is normalize; with numeric, numericResults is applied to
// the sheets excelize wrote in memory (not the filled ones).
func normalizeWith(r io.ReaderAt, size int64, w io.Writer, fills map[string]fill, numeric bool) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return err
	}
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(a, b *zip.File) int {
		switch {
		case a.Name == contentTypes:
			return -1
		case b.Name == contentTypes:
			return 1
		}
		return natural(a.Name, b.Name)
	})
	zw := zip.NewWriter(w)
	// The parts written anew are deflated at the fastest level: a listing
	// of a million rows is most of a run's time at the default level, and
	// only some 20 % smaller. A part over a megabyte is compressed on
	// every core (parallelDeflate).
	zw.RegisterCompressor(zip.Deflate, newDeflatePool(flate.BestSpeed).compressor)
	// The listings' repeated texts go to the shared string table, which
	// is written last, once they are all known.
	var sst *sharedStrings
	var sstFile *zip.File
	if len(fills) > 0 {
		for _, f := range files {
			if f.Name == sharedPart {
				sstFile = f
			}
		}
		if sstFile != nil {
			if sst, err = readShared(sstFile); err != nil {
				return fmt.Errorf("%s: %w", sharedPart, err)
			}
		}
	}
	filled := 0
	for _, f := range files {
		var err error
		switch {
		case f == sstFile && sst != nil:
			continue
		case fills[f.Name].rows != nil:
			err = fillSheet(zw, f, fills[f.Name], sst)
			filled++
		case f.Name == contentTypes:
			err = rewriteContentTypes(zw, f)
		case strings.HasPrefix(f.Name, "xl/worksheets/sheet"):
			err = rewriteSheet(zw, f, numeric)
		default:
			err = copyRaw(zw, f)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	if filled != len(fills) {
		return fmt.Errorf("chỉ %d trong %d trang tính danh sách có trong gói", filled, len(fills))
	}
	if sst != nil {
		var err error
		if len(sst.added) == 0 && sst.refs == 0 {
			err = copyRaw(zw, sstFile)
		} else {
			err = sst.write(zw)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", sharedPart, err)
		}
	}
	return zw.Close()
}

// natural orders part names as text, but a run of digits by its number:
// sheet2.xml before sheet10.xml.
func natural(a, b string) int {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := cmp.Or(cmp.Compare(len(na), len(nb)), strings.Compare(na, nb)); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

// digits is the length of the run of digits s starts with.
func digits(s string) int {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	return n
}

// fill is what a listing's sheet part gets: its rows, written by rows,
// and the range its header filters.
type fill struct {
	rows   func(io.Writer, *sharedStrings) error
	filter string
}

// maxFilledPart bounds the part excelize writes for a listing's sheet,
// read whole: its header row and settings, a few kilobytes.
const maxFilledPart = 1 << 20

// fillSheet writes a listing's sheet: excelize's part, with the rows fill
// writes inserted before the end of its sheetData, deflated once as they
// are made, and the filter on its header after it.
func fillSheet(zw *zip.Writer, f *zip.File, fl fill, sst *sharedStrings) error {
	body, err := readPart(f, maxFilledPart)
	if err != nil {
		return err
	}
	end := bytes.Index(body, []byte("</sheetData>"))
	if len(body) > maxFilledPart || end < 0 {
		return errors.New("trang tính danh sách không có phần dữ liệu (sheetData) để ghi các dòng")
	}
	w, err := create(zw, f.Name)
	if err != nil {
		return err
	}
	if _, err := w.Write(body[:end]); err != nil {
		return err
	}
	if err := fl.rows(w, sst); err != nil {
		return err
	}
	tail := body[end:]
	if fl.filter != "" && !bytes.Contains(tail, []byte("<autoFilter")) {
		tail = slices.Concat([]byte(`</sheetData><autoFilter ref="`+fl.filter+`"></autoFilter>`), tail[len("</sheetData>"):])
	}
	_, err = w.Write(tail)
	return err
}

// copyRaw copies a part compressed, as it is, with a header that carries
// only what identifies the part (no time stamp).
func copyRaw(zw *zip.Writer, f *zip.File) error {
	rc, err := f.OpenRaw()
	if err != nil {
		return err
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: f.Method, CRC32: f.CRC32,
		CompressedSize64: f.CompressedSize64, UncompressedSize64: f.UncompressedSize64})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, rc)
	return err
}

// readPart reads a part of the package excelize wrote whole, up to max
// bytes and one more, so that the caller can tell a part past max.
func readPart(f *zip.File, max int) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, int64(max)+1))
}

// create starts a part written anew, deflated.
func create(zw *zip.Writer, name string) (io.Writer, error) {
	return zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
}

func rewriteContentTypes(zw *zip.Writer, f *zip.File) error {
	body, err := readPart(f, maxContentTypes)
	if err != nil {
		return err
	}
	if len(body) > maxContentTypes {
		return errors.New("danh sách kiểu nội dung quá lớn")
	}
	w, err := create(zw, f.Name)
	if err != nil {
		return err
	}
	_, err = w.Write(sortContentTypes(body))
	return err
}

// dimA1 is the used range excelize's stream writer leaves on a sheet.
var dimA1 = []byte(`<dimension ref="A1"></dimension>`)

// rewriteSheet sets the used range of a sheet that excelize's stream
// writer left at A1, from its first and last rows: streaming readers trust
// the dimension. Such a sheet is a listing (Chi tiết, Kiểm tra dữ liệu):
// it also gets a filter on its header, as the accountant expects. Any
// other sheet is copied as it is.
func rewriteSheet(zw *zip.Writer, f *zip.File, numeric bool) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	sc, err := scanSheet(rc)
	rc.Close()
	if err != nil {
		return err
	}
	if !sc.a1 && numeric && sc.formulas && f.UncompressedSize64 <= maxNumericSheet {
		return numericResults(zw, f)
	}
	if !sc.a1 || sc.rows < 2 {
		return copyRaw(zw, f)
	}
	ref := "A1:" + colName(max(1, sc.firstWidth, sc.lastWidth)) + sc.last
	pairs := [][2][]byte{{dimA1, []byte(`<dimension ref="` + ref + `"></dimension>`)}}
	if !sc.filter {
		pairs = append(pairs, [2][]byte{[]byte("</sheetData>"), []byte(`</sheetData><autoFilter ref="` + ref + `"></autoFilter>`)})
	}
	w, err := create(zw, f.Name)
	if err != nil {
		return err
	}
	rc, err = f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	rp := &replacer{w: w, pairs: pairs}
	if _, err := io.Copy(rp, rc); err != nil {
		return err
	}
	return rp.flush()
}

// sheetScan is what rewriteSheet needs to know of a sheet.
type sheetScan struct {
	a1, filter            bool   // dimension left at A1; has an autoFilter
	formulas              bool   // has a formula
	rows                  int    // <row> elements
	last                  string // the last row's number
	firstWidth, lastWidth int    // the widest column of the first and last rows
}

// scanSheet reads a sheet's XML as a stream, tag by tag, for sheetScan.
// Only what excelize itself writes is recognised (attributes in its
// order); a cell reference or row number over 32 characters is an error.
func scanSheet(r io.Reader) (sheetScan, error) {
	var sc sheetScan
	br := bufio.NewReaderSize(r, 64<<10)
	width := 0
	attr := func(prefix string) (string, bool, error) {
		head, err := br.Peek(len(prefix))
		if err != nil || string(head) != prefix {
			return "", false, nil
		}
		br.Discard(len(prefix))
		var v []byte
		for {
			b, err := br.ReadByte()
			if err != nil {
				return "", false, err
			}
			if b == '"' {
				return string(v), true, nil
			}
			if v = append(v, b); len(v) > 32 {
				return "", false, errors.New("tham chiếu ô quá dài")
			}
		}
	}
	for {
		if _, err := br.ReadSlice('<'); err == io.EOF {
			break
		} else if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return sc, err
		} else if errors.Is(err, bufio.ErrBufferFull) {
			continue // a long text: keep looking for the next tag
		}
		if v, ok, err := attr(`row r="`); err != nil {
			return sc, err
		} else if ok {
			if sc.rows == 1 {
				sc.firstWidth = width
			}
			sc.rows++
			sc.last, width = v, 0
			continue
		}
		if v, ok, err := attr(`c r="`); err != nil {
			return sc, err
		} else if ok {
			col := strings.TrimRight(v, "0123456789")
			if n, err := excelize.ColumnNameToNumber(col); err == nil {
				width = max(width, n)
			}
			continue
		}
		head, _ := br.Peek(len(dimA1) - 1)
		switch {
		case bytes.Equal(head, dimA1[1:]):
			sc.a1 = true
		case bytes.HasPrefix(head, []byte("autoFilter")):
			sc.filter = true
		case bytes.HasPrefix(head, []byte("f>")):
			sc.formulas = true
		}
	}
	if sc.rows == 1 {
		sc.firstWidth = width
	}
	sc.lastWidth = width
	return sc, nil
}

// replacer writes through to w with each of pairs' old replaced, once and
// in order, by its new; it holds back only what could be the start of the
// next old, so it streams.
type replacer struct {
	w     io.Writer
	pairs [][2][]byte
	carry []byte // held back from the last write
	buf   []byte // carry and the new bytes, reused
	err   error
}

func (r *replacer) Write(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	r.buf = append(append(r.buf[:0], r.carry...), p...)
	buf := r.buf
	done := 0
	for len(r.pairs) > 0 {
		old, repl := r.pairs[0][0], r.pairs[0][1]
		i := bytes.Index(buf[done:], old)
		if i < 0 {
			break
		}
		r.write(buf[done : done+i])
		r.write(repl)
		done += i + len(old)
		r.pairs = r.pairs[1:]
	}
	keep := 0
	if len(r.pairs) > 0 {
		keep = len(r.pairs[0][0]) - 1
	}
	end := max(done, len(buf)-keep)
	r.write(buf[done:end])
	r.carry = append(r.carry[:0], buf[end:]...)
	return len(p), r.err
}

func (r *replacer) write(p []byte) {
	if r.err == nil && len(p) > 0 {
		_, r.err = r.w.Write(p)
	}
}

// flush writes what was held back.
func (r *replacer) flush() error {
	r.write(r.carry)
	r.carry = nil
	return r.err
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

// maxNumericSheet bounds a sheet numericResults reads whole: a sheet
// excelize wrote from memory, which it held whole already (a table, a
// blank register's 2,000 formatted rows).
const maxNumericSheet = 64 << 20

// strResult is a formula cell as excelize writes it, its saved result
// marked as text (t="str") even when it is a number.
var strResult = regexp.MustCompile(`(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="str"(><f>[^<]*</f><v>-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?</v></c>)`)

// numericResults rewrites a sheet so that a formula's saved result that
// is a number is one: excelize marks every formula's result as text, so
// that a reader that does not recalculate (LibreOffice by default,
// openpyxl, pandas) would read the total 214 as the text "214".
func numericResults(zw *zip.Writer, f *zip.File) error {
	body, err := readPart(f, maxNumericSheet)
	if err != nil {
		return err
	}
	w, err := create(zw, f.Name)
	if err != nil {
		return err
	}
	_, err = w.Write(strResult.ReplaceAll(body, []byte("$1$2")))
	return err
}
