package read

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unsafe"

	"asxh/pipeline/vn"
)

// fastSheet is the reader of the hot path: archive/zip and a byte scanner
// over one worksheet's XML, yielding raw cell values row by row as
// excelize's Rows(RawCellValue) does, at a fraction of its time and memory.
// TestFastSheetMatchesExcelize holds it to excelize cell for cell.
type fastSheet struct {
	zr     *zip.ReadCloser
	sheet  string
	shared *stringTable
	fonts  []string // font name of each cell format (cellXfs index)
	body   io.ReadCloser
	sc     *scanner
	n      int      // current row number
	next   int      // number of the row parsed ahead, 0 when none
	ahead  []string // its cells
	cur    []string
	styles map[[2]int]int // (col, row) → format, for the first rows only
	done   bool
	err    error

	// The XML is parsed on its own goroutine, a batch of rows ahead of
	// the reader, so the two cores share the work.
	batches chan batch
	stop    chan struct{}
	queue   []parsedRow
	pstyles []cellStyle // formats seen by the parser, for the row it is on
}

type parsedRow struct {
	n      int
	cells  []string
	styles []cellStyle
}

type cellStyle struct{ col, format int }

type batch struct {
	rows []parsedRow
	err  error
	end  bool
}

const batchRows = 512

// styleRows is how many rows keep their cells' formats, for font lookups.
const styleRows = 200

func openFastXLSX(p, want string) (*fastSheet, string, error) {
	zr, err := zip.OpenReader(p)
	if err != nil {
		return nil, "", err
	}
	fs := &fastSheet{zr: zr, styles: map[[2]int]int{}}
	fail := func(err error) (*fastSheet, string, error) {
		zr.Close()
		return nil, "", err
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[strings.TrimPrefix(f.Name, "/")] = f
	}
	target, name, err := pickSheet(parts, want)
	if err != nil {
		return fail(err)
	}
	fs.sheet = name
	if f := parts["xl/sharedStrings.xml"]; f != nil {
		if fs.shared, err = readShared(f); err != nil {
			return fail(err)
		}
	}
	if f := parts["xl/styles.xml"]; f != nil {
		fs.fonts = readFonts(f) // formats are a hint: a broken styles part is not fatal
	}
	f := parts[target]
	if f == nil {
		return fail(fmt.Errorf("thiếu phần %s", target))
	}
	if fs.body, err = f.Open(); err != nil {
		return fail(err)
	}
	fs.sc = &scanner{br: bufio.NewReaderSize(fs.body, 64<<10)}
	return fs, name, nil
}

type xmlWorkbook struct {
	Sheets []struct {
		Name  string `xml:"name,attr"`
		State string `xml:"state,attr"`
		RID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	} `xml:"sheets>sheet"`
}

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// pickSheet finds the part of the named sheet (matched as headers are), or
// of the first visible one.
func pickSheet(parts map[string]*zip.File, want string) (string, string, error) {
	var wb xmlWorkbook
	var rels xmlRels
	if err := decodePart(parts["xl/workbook.xml"], &wb); err != nil {
		return "", "", fmt.Errorf("workbook.xml: %w", err)
	}
	if err := decodePart(parts["xl/_rels/workbook.xml.rels"], &rels); err != nil {
		return "", "", fmt.Errorf("workbook.xml.rels: %w", err)
	}
	for _, s := range wb.Sheets {
		if want != "" && vn.Key(s.Name) != vn.Key(want) || want == "" && s.State != "" && s.State != "visible" {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == s.RID {
				t := r.Target
				if strings.HasPrefix(t, "/") {
					t = strings.TrimPrefix(t, "/")
				} else {
					t = path.Join("xl", t)
				}
				return t, s.Name, nil
			}
		}
	}
	if want != "" {
		return "", "", fmt.Errorf("không có trang tính %q", want)
	}
	return "", "", errors.New("không có trang tính nào đang hiện")
}

func decodePart(f *zip.File, v any) error {
	if f == nil {
		return errors.New("thiếu")
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}

// stringTable holds the shared strings end to end in one block, so that a
// workbook of a million distinct names costs their bytes, not a million
// allocations; at returns a string that shares the block.
type stringTable struct {
	data []byte
	ends []uint32
}

func (t *stringTable) len() int { return len(t.ends) }

func (t *stringTable) at(i int) string {
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	if start == t.ends[i] {
		return ""
	}
	// the block is never written after it is read
	return unsafe.String(&t.data[start], int(t.ends[i]-start))
}

func (t *stringTable) add(s string) {
	t.data = append(t.data, s...)
	t.ends = append(t.ends, uint32(len(t.data)))
}

// readShared reads the shared strings: each <si>, its <t> texts joined,
// phonetic runs (<rPh>) left out.
func readShared(f *zip.File) (*stringTable, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	if f.UncompressedSize64 >= 1<<32 {
		return nil, errors.New("bảng chuỗi dùng chung quá lớn")
	}
	sc := &scanner{br: bufio.NewReaderSize(rc, 64<<10)}
	out := &stringTable{data: make([]byte, 0, f.UncompressedSize64/3)}
	var b strings.Builder
	inSI, inPh := false, 0
	for {
		name, end, self, _, err := sc.tag()
		if err == io.EOF {
			return out, nil
		} else if err != nil {
			return nil, err
		}
		switch {
		case name == "si" && !end:
			inSI = !self
			b.Reset()
			if self {
				out.add("")
			}
		case name == "si" && end:
			inSI = false
			out.add(unescapeX(b.String()))
		case name == "rPh":
			if !self {
				if end {
					inPh--
				} else {
					inPh++
				}
			}
		case name == "t" && !end && !self && inSI && inPh == 0:
			t, err := sc.text()
			if err != nil {
				return nil, err
			}
			b.WriteString(t)
		}
	}
}

type xmlStyles struct {
	Fonts []struct {
		Name struct {
			Val string `xml:"val,attr"`
		} `xml:"name"`
	} `xml:"fonts>font"`
	Xfs []struct {
		FontID int `xml:"fontId,attr"`
	} `xml:"cellXfs>xf"`
}

func readFonts(f *zip.File) []string {
	var st xmlStyles
	if decodePart(f, &st) != nil {
		return nil
	}
	out := make([]string, len(st.Xfs))
	for i, x := range st.Xfs {
		if x.FontID >= 0 && x.FontID < len(st.Fonts) {
			out[i] = st.Fonts[x.FontID].Name.Val
		}
	}
	return out
}

// produce parses rows into batches until the end, an error, or Close.
func (s *fastSheet) produce() {
	defer close(s.batches)
	var rows []parsedRow
	last := 0
	for {
		n, cells, err := s.parseRowAfter(last)
		if err == nil && n == 0 {
			err = s.drain()
		}
		if err != nil || n == 0 {
			select {
			case s.batches <- batch{rows: rows, err: err, end: true}:
			case <-s.stop:
			}
			return
		}
		last = n
		rows = append(rows, parsedRow{n: n, cells: cells, styles: s.pstyles})
		s.pstyles = nil
		if len(rows) == batchRows {
			select {
			case s.batches <- batch{rows: rows}:
			case <-s.stop:
				return
			}
			rows = make([]parsedRow, 0, batchRows)
		}
	}
}

// drain reads the rest of the part, so that its checksum is checked.
func (s *fastSheet) drain() error {
	if _, err := io.Copy(io.Discard, s.sc.br); err != nil {
		return &fileProblem{fmt.Sprintf("tệp bị hỏng (%v)", err), "chép lại tệp từ máy của người lập sổ, hoặc mở bằng Excel và lưu lại"}
	}
	return nil
}

// pull takes the next parsed row from the parser; 0 at the end.
func (s *fastSheet) pull() (int, []string, error) {
	if s.batches == nil {
		s.batches, s.stop = make(chan batch, 2), make(chan struct{})
		go s.produce()
	}
	for len(s.queue) == 0 {
		b, ok := <-s.batches
		if !ok {
			return 0, nil, nil
		}
		s.queue = b.rows
		if len(b.rows) == 0 && (b.end || b.err != nil) {
			return 0, nil, b.err
		}
		if b.err != nil {
			s.err = b.err // after these rows
		}
	}
	r := s.queue[0]
	s.queue = s.queue[1:]
	for _, st := range r.styles {
		s.styles[[2]int{st.col, r.n}] = st.format
	}
	return r.n, r.cells, nil
}

// Next moves to the next row; rows missing from the XML are yielded blank,
// as excelize does, so row numbers count every row.
func (s *fastSheet) Next() bool {
	if s.err != nil && len(s.queue) == 0 && s.next == 0 {
		return false
	}
	if s.next == 0 && !s.done {
		var err error
		s.next, s.ahead, err = s.pull()
		if err != nil {
			s.err = err
			return false
		}
		if s.next == 0 {
			s.done = true
		}
	}
	if s.done && s.next == 0 {
		return false
	}
	s.n++
	if s.n < s.next {
		s.cur = nil
		return true
	}
	s.n, s.cur, s.next = s.next, s.ahead, 0
	return true
}

func (s *fastSheet) Row() (int, []string) { return s.n, s.cur }
func (s *fastSheet) Err() error           { return s.err }

func (s *fastSheet) Close() error {
	if s.stop != nil {
		close(s.stop)
		for range s.batches { // let the parser finish before the part closes
		}
	}
	if s.body != nil {
		s.body.Close()
	}
	return s.zr.Close()
}

// Font names the font of a cell's format (format 0 when it names none);
// known for the rows read so far among the first styleRows.
func (s *fastSheet) Font(col, row int) string {
	if row > styleRows || row > s.n {
		return ""
	}
	i := s.styles[[2]int{col, row}]
	if i < len(s.fonts) {
		return s.fonts[i]
	}
	return ""
}

// parseRowAfter reads up to the next <row> and its cells; 0 at the end.
// last is the number of the row before it.
func (s *fastSheet) parseRowAfter(last int) (int, []string, error) {
	sc := s.sc
	for {
		name, end, self, attrs, err := sc.tag()
		if err == io.EOF {
			return 0, nil, nil
		} else if err != nil {
			return 0, nil, err
		}
		if end || name != "row" {
			if name == "sheetData" && end {
				return 0, nil, nil
			}
			continue
		}
		num := last + 1
		if r := attr(attrs, "r"); r != "" {
			if num, err = strconv.Atoi(r); err != nil || num <= last || num > 1<<20 {
				return 0, nil, fmt.Errorf("số dòng sai: %q", r)
			}
		}
		if self {
			return num, nil, nil
		}
		cells, err := s.parseCells(num)
		return num, cells, err
	}
}

func (s *fastSheet) parseCells(row int) ([]string, error) {
	sc := s.sc
	var cells []string
	col := 0
	for {
		name, end, self, attrs, err := sc.tag()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		if name == "row" && end {
			return cells, nil
		}
		if name != "c" || end {
			continue
		}
		col++
		ref, style, typ := cellAttrs(attrs)
		if ref != nil {
			c, err := columnOf(string(ref)) // the compiler does not copy for this call
			if err != nil || c < col {
				return nil, fmt.Errorf("ô sai: %q", ref)
			}
			col = c
		}
		if row <= styleRows && style != nil {
			if i, err := strconv.Atoi(string(style)); err == nil {
				s.pstyles = append(s.pstyles, cellStyle{col, i})
			}
		}
		if self {
			continue
		}
		v, err := s.cellValue(intern(typ))
		if err != nil {
			return nil, err
		}
		if v == "" {
			continue
		}
		for len(cells) < col-1 {
			cells = append(cells, "")
		}
		cells = append(cells, v)
	}
}

// cellValue reads a cell's children up to </c> and returns its raw value.
func (s *fastSheet) cellValue(typ string) (string, error) {
	sc := s.sc
	var v string
	var inline strings.Builder
	inIS, inPh := false, 0
	for {
		name, end, self, _, err := sc.tag()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return "", err
		}
		switch {
		case name == "c" && end:
			switch typ {
			case "s":
				i, err := strconv.Atoi(strings.TrimSpace(v))
				if v == "" {
					return "", nil
				}
				if err != nil || s.shared == nil || i < 0 || i >= s.shared.len() {
					return "", fmt.Errorf("chuỗi dùng chung %q không có", v)
				}
				return s.shared.at(i), nil
			case "inlineStr":
				if inIS {
					return unescapeX(inline.String()), nil
				}
			}
			return v, nil
		case name == "v" && !end && !self:
			if v, err = sc.text(); err != nil {
				return "", err
			}
		case name == "is":
			inIS = true
		case name == "rPh" && !self:
			if end {
				inPh--
			} else {
				inPh++
			}
		case name == "t" && !end && !self && inPh == 0:
			t, err := sc.text()
			if err != nil {
				return "", err
			}
			inline.WriteString(t)
		}
	}
}

// columnOf returns the 1-based column of a reference such as "AB12".
func columnOf(ref string) (int, error) {
	c := 0
	for i := 0; i < len(ref); i++ {
		ch := ref[i]
		switch {
		case ch >= 'A' && ch <= 'Z':
			c = c*26 + int(ch-'A'+1)
		case ch >= 'a' && ch <= 'z':
			c = c*26 + int(ch-'a'+1)
		case ch >= '0' && ch <= '9' && i > 0:
			if c > 16384 {
				return 0, errors.New("cột quá xa")
			}
			return c, nil
		default:
			return 0, errors.New("ô sai")
		}
		if c > 16384 {
			return 0, errors.New("cột quá xa")
		}
	}
	if c == 0 {
		return 0, errors.New("ô sai")
	}
	return c, nil
}

// scanner tokenises XML just enough for worksheets and shared strings:
// element names (prefix dropped), their attributes, and text.
type scanner struct {
	br *bufio.Reader
}

// tag skips to the next element tag and returns its local name, whether it
// is an end tag or self-closing, and its raw attributes. Comments,
// processing instructions and declarations are skipped.
func (sc *scanner) tag() (name string, end, self bool, attrs []byte, err error) {
	for {
		if _, err = sc.br.ReadSlice('<'); err != nil {
			if err == bufio.ErrBufferFull {
				continue
			}
			return
		}
		var b byte
		if b, err = sc.br.ReadByte(); err != nil {
			return
		}
		switch b {
		case '?', '!':
			if err = sc.skipSpecial(b); err != nil {
				return
			}
			continue
		case '/':
			end = true
		default:
			sc.br.UnreadByte()
		}
		var raw []byte
		if raw, err = sc.peekUntil('>'); err != nil {
			return
		}
		if len(raw) > 0 && raw[len(raw)-1] == '/' {
			self, raw = true, raw[:len(raw)-1]
		}
		nm := raw
		for i, ch := range raw {
			if ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' {
				nm, attrs = raw[:i], raw[i:]
				break
			}
		}
		if j := bytes.IndexByte(nm, ':'); j >= 0 {
			nm = nm[j+1:]
		}
		return intern(nm), end, self, attrs, nil
	}
}

// skipSpecial skips a comment, CDATA-less declaration or processing instruction.
func (sc *scanner) skipSpecial(kind byte) error {
	if kind == '!' {
		if peek, _ := sc.br.Peek(2); string(peek) == "--" {
			for { // a comment ends at "-->", and may hold '>' before it
				b, err := sc.peekUntil('>')
				if err != nil {
					return err
				}
				if bytes.HasSuffix(b, []byte("--")) {
					return nil
				}
			}
		}
	}
	_, err := sc.peekUntil('>')
	return err
}

// intern returns the element names worksheets are made of without
// allocating; others are copied.
func intern(b []byte) string {
	switch string(b) { // the compiler does not allocate for this conversion
	case "c":
		return "c"
	case "v":
		return "v"
	case "row":
		return "row"
	case "t":
		return "t"
	case "is":
		return "is"
	case "f":
		return "f"
	case "si":
		return "si"
	case "r":
		return "r"
	case "rPh":
		return "rPh"
	case "sheetData":
		return "sheetData"
	case "":
		return ""
	case "inlineStr":
		return "inlineStr"
	case "str":
		return "str"
	case "n":
		return "n"
	case "b":
		return "b"
	case "e":
		return "e"
	case "s":
		return "s"
	case "d":
		return "d"
	}
	return string(b)
}

// peekUntil returns the bytes before delim and consumes delim; the slice
// is valid until the next read.
func (sc *scanner) peekUntil(delim byte) ([]byte, error) {
	b, err := sc.br.ReadSlice(delim)
	if err == nil {
		return b[:len(b)-1], nil
	}
	if err != bufio.ErrBufferFull {
		return nil, err
	}
	buf := append([]byte(nil), b...)
	for err == bufio.ErrBufferFull {
		b, err = sc.br.ReadSlice(delim)
		buf = append(buf, b...)
	}
	if err != nil {
		return nil, err
	}
	return buf[:len(buf)-1], nil
}

// text reads character data up to the next tag (which it leaves unread)
// and decodes entities.
func (sc *scanner) text() (string, error) {
	var buf []byte
	for {
		b, err := sc.br.ReadSlice('<')
		if err == nil {
			buf = append(buf, b[:len(b)-1]...)
			sc.br.UnreadByte()
			return unescape(buf)
		}
		if err != bufio.ErrBufferFull {
			return "", err
		}
		buf = append(buf, b...)
	}
}

// cellAttrs reads a cell's r, s and t attributes in one pass, without
// copying; nil for an attribute that is not there. Their values never
// hold entities.
func cellAttrs(attrs []byte) (r, s, t []byte) {
	for len(attrs) > 0 {
		eq := bytes.IndexByte(attrs, '=')
		if eq < 0 || eq+1 >= len(attrs) {
			return
		}
		key := bytes.TrimSpace(attrs[:eq])
		q := attrs[eq+1]
		if q != '"' && q != '\'' {
			return
		}
		end := bytes.IndexByte(attrs[eq+2:], q)
		if end < 0 {
			return
		}
		val := attrs[eq+2 : eq+2+end]
		switch string(key) {
		case "r":
			r = val
		case "s":
			s = val
		case "t":
			t = val
		}
		attrs = attrs[eq+2+end+1:]
	}
	return
}

// attr returns the value of attribute name in raw attributes.
func attr(attrs []byte, name string) string {
	for len(attrs) > 0 {
		attrs = bytes.TrimLeft(attrs, " \t\r\n")
		eq := bytes.IndexByte(attrs, '=')
		if eq < 0 {
			return ""
		}
		key := bytes.TrimSpace(attrs[:eq])
		rest := bytes.TrimLeft(attrs[eq+1:], " \t\r\n")
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return ""
		}
		q := rest[0]
		e := bytes.IndexByte(rest[1:], q)
		if e < 0 {
			return ""
		}
		if k := key; string(k) == name || (bytes.HasSuffix(k, []byte(":"+name))) {
			v, _ := unescape(rest[1 : 1+e])
			return v
		}
		attrs = rest[2+e:]
	}
	return ""
}

// unescape decodes XML entities and character references.
func unescape(b []byte) (string, error) {
	if bytes.IndexByte(b, '&') < 0 {
		return string(b), nil
	}
	var out strings.Builder
	for len(b) > 0 {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			out.Write(b)
			break
		}
		out.Write(b[:i])
		b = b[i:]
		j := bytes.IndexByte(b, ';')
		if j < 0 {
			out.Write(b)
			break
		}
		ent := string(b[1:j])
		switch {
		case ent == "amp":
			out.WriteByte('&')
		case ent == "lt":
			out.WriteByte('<')
		case ent == "gt":
			out.WriteByte('>')
		case ent == "quot":
			out.WriteByte('"')
		case ent == "apos":
			out.WriteByte('\'')
		case strings.HasPrefix(ent, "#x") || strings.HasPrefix(ent, "#X"):
			v, err := strconv.ParseUint(ent[2:], 16, 32)
			if err != nil {
				return "", fmt.Errorf("tham chiếu ký tự sai: &%s;", ent)
			}
			out.WriteRune(rune(v))
		case strings.HasPrefix(ent, "#"):
			v, err := strconv.ParseUint(ent[1:], 10, 32)
			if err != nil {
				return "", fmt.Errorf("tham chiếu ký tự sai: &%s;", ent)
			}
			out.WriteRune(rune(v))
		default:
			out.Write(b[:j+1])
		}
		b = b[j+1:]
	}
	return out.String(), nil
}

// unescapeX decodes OOXML's _xHHHH_ escapes in strings ("_x000D_").
func unescapeX(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var out strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || i+7 > len(s) || s[i+6] != '_' {
			out.WriteString(s)
			return out.String()
		}
		v, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
		if err != nil {
			out.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		out.WriteString(s[:i])
		out.WriteRune(rune(v))
		s = s[i+7:]
	}
}
