package xlsxstream

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Kind is what a cell holds beyond its raw text, when that matters to
// whether the text may be taken as a value.
type Kind uint8

const (
	Plain      Kind = iota // a number, a text or a date serial
	Bool                   // t="b": the text is "1" or "0"
	Error                  // t="e": the text is an error value such as "#N/A"
	Uncomputed             // a formula with no saved value: the text is ""
)

// Row is one <row> of a sheet. Cells holds the raw values by 0-based
// column ("" for blank), without trailing blanks. Styles and Kinds are
// indexed by column too and may be longer or shorter than Cells; nil when
// no cell of the row has a format, or a non-plain kind.
type Row struct {
	Num    int
	Cells  []string
	Styles []int32
	Kinds  []Kind
}

// Style is the format index (Workbook.Style) of a 0-based column, 0 when none.
func (r Row) Style(col int) int {
	if col >= 0 && col < len(r.Styles) {
		return int(r.Styles[col])
	}
	return 0
}

// Kind is the kind of a 0-based column's cell.
func (r Row) Kind(col int) Kind {
	if col >= 0 && col < len(r.Kinds) {
		return r.Kinds[col]
	}
	return Plain
}

// Reader reads the rows of one worksheet. The XML is parsed on its own
// goroutine, a batch of rows ahead of Read, so two cores share the work.
type Reader struct {
	part   string
	shared *stringTable
	body   io.ReadCloser
	sc     *scanner
	reopen func() (io.ReadCloser, error)
	size   int64 // the part's declared inflated size, 0 when unknown

	batches chan batch
	stop    chan struct{}
	queue   []Row
	err     error // returned once the queue is empty

	// parser state, owned by the parsing goroutine
	last, col int
	width     int // cells in the row before, to size the next
	// a row's plain values are gathered in arena and made one string when
	// the row ends (spans say which cell is which part), and rows take
	// their cells and formats from blocks shared by a batch: a handful of
	// allocations per row instead of one per cell
	arena  []byte
	spans  []span
	cells  []string
	styles []int32
}

// span is a cell's value in the row's arena.
type span struct{ col, from, to int }

// cellBlock is how many cells (and formats) rows take from one allocation.
const cellBlock = 4096

type batch struct {
	rows []Row
	err  error
}

const (
	batchRows  = 512
	batchCells = 1 << 16 // a batch of very wide rows is handed over sooner
)

func newReader(body io.ReadCloser, part string, shared *stringTable, reopen func() (io.ReadCloser, error)) *Reader {
	return &Reader{part: part, shared: shared, body: body, reopen: reopen,
		sc: &scanner{br: bufio.NewReaderSize(body, 64<<10)}}
}

// NewReader reads a worksheet's XML from r, shared strings given in order;
// for tests and fuzzing of the tokenizer alone.
func NewReader(r io.Reader, shared []string) *Reader {
	t := &stringTable{}
	for _, s := range shared {
		t.add(s)
	}
	return newReader(io.NopCloser(r), "sheet.xml", t, nil)
}

// Read returns the next row that the XML holds; io.EOF after the last one,
// once the whole part has been read and found whole. A damaged part is a
// *ParseError, after the rows before the damage.
func (r *Reader) Read() (Row, error) {
	if r.batches == nil {
		r.batches, r.stop = make(chan batch, 2), make(chan struct{})
		go r.produce()
	}
	for len(r.queue) == 0 {
		if r.err != nil {
			return Row{}, r.err
		}
		b, ok := <-r.batches
		if !ok {
			r.err = io.EOF
			continue
		}
		r.queue, r.err = b.rows, b.err
	}
	row := r.queue[0]
	r.queue = r.queue[1:]
	return row, nil
}

// Close stops the parser and closes the part.
func (r *Reader) Close() error {
	if r.stop != nil {
		close(r.stop)
		for range r.batches { // let the parser finish before the part closes
		}
		r.stop = nil
	}
	return r.body.Close()
}

// produce parses rows into batches until the end, an error, or Close.
func (r *Reader) produce() {
	defer close(r.batches)
	var rows []Row
	cells := 0
	send := func(b batch) bool {
		select {
		case r.batches <- b:
			return true
		case <-r.stop:
			return false
		}
	}
	for {
		row, err := r.nextRow()
		if err == nil && row.Num == 0 {
			err = r.finish()
		}
		if err != nil || row.Num == 0 {
			if err != nil {
				err = r.wrap(err)
			}
			send(batch{rows: rows, err: err})
			return
		}
		rows = append(rows, row)
		cells += len(row.Cells) + len(row.Styles) + len(row.Kinds)
		if len(rows) == batchRows || cells >= batchCells {
			if !send(batch{rows: rows}) {
				return
			}
			rows, cells = make([]Row, 0, batchRows), 0
		}
	}
}

// wrap places an error at the row and column being parsed.
func (r *Reader) wrap(err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		if pe.Row == 0 {
			pe.Row, pe.Col = r.last, r.col
		}
		return pe
	}
	if err == io.EOF {
		err = ErrTruncated
	} else if err == io.ErrUnexpectedEOF {
		err = fmt.Errorf("%w: %v", ErrTruncated, err)
	}
	return &ParseError{Part: r.part, Row: r.last, Col: r.col, Err: err}
}

// finish reads the rest of the part after </sheetData>: its checksum is
// verified only when it is read to the end, and it must end with
// </worksheet>, or it was cut short.
func (r *Reader) finish() error {
	r.col = 0
	for {
		name, end, _, _, err := r.sc.tag()
		if err != nil {
			return err // io.EOF before </worksheet>: cut short
		}
		if name == "worksheet" && end {
			break
		}
	}
	_, err := io.Copy(io.Discard, r.sc.br)
	return err
}

// nextRow reads up to the next <row> and its cells; Num 0 after </sheetData>.
func (r *Reader) nextRow() (Row, error) {
	sc := r.sc
	for {
		name, end, self, attrs, err := sc.tag()
		if err != nil {
			return Row{}, err // io.EOF here: no </sheetData>, cut short
		}
		if name == "sheetData" && (end || self) {
			return Row{}, nil
		}
		if end || name != "row" {
			continue
		}
		num := r.last + 1
		raw, _ := attrRaw(attrs, "r")
		if bytes.IndexByte(raw, '&') >= 0 {
			raw = []byte(attr(attrs, "r"))
		}
		if len(raw) > 0 {
			if num, err = strconv.Atoi(string(raw)); err != nil || num <= r.last {
				return Row{}, fmt.Errorf("số dòng sai: %q", raw)
			}
		}
		if num > MaxRows {
			return Row{}, fmt.Errorf("số dòng quá lớn: %d", num)
		}
		r.last, r.col = num, 0
		row := Row{Num: num}
		if self {
			return row, nil
		}
		err = r.parseCells(&row)
		return row, err
	}
}

// take returns an empty slice with room for n from block, the batch's
// shared allocation of cells or formats, a new block when it has too little.
func take[T any](block *[]T, n int) []T {
	if n > len(*block) {
		*block = make([]T, max(n, cellBlock))
	}
	out := (*block)[:0:n]
	*block = (*block)[n:]
	return out
}

func (r *Reader) parseCells(row *Row) error {
	sc := r.sc
	r.col = 0
	r.arena, r.spans = r.arena[:0], r.spans[:0]
	for {
		name, end, self, attrs, err := sc.tag()
		if err != nil {
			return err
		}
		if name == "row" && end {
			r.width = min(max(len(row.Cells), len(row.Styles)), 256)
			if len(r.spans) > 0 {
				all := string(r.arena)
				for _, sp := range r.spans {
					row.Cells[sp.col] = all[sp.from:sp.to]
				}
			}
			return nil
		}
		if name != "c" || end {
			continue
		}
		r.col++
		ref, style, typ := cellAttrs(attrs)
		if ref != nil {
			c, err := ColumnOf(string(ref)) // the compiler does not copy for this call
			if errors.Is(err, ErrTooManyCols) {
				r.col = MaxCols + 1
				return err
			}
			if err != nil || c < r.col {
				return fmt.Errorf("ô sai: %q", ref)
			}
			r.col = c
		}
		if r.col > MaxCols { // cells without r count on past XFD
			return ErrTooManyCols
		}
		col := r.col
		if style != nil && !(len(style) == 1 && style[0] == '0') {
			if i, err := strconv.Atoi(string(style)); err == nil && i > 0 && i < 1<<31 {
				if row.Styles == nil {
					row.Styles = take(&r.styles, max(col, r.width))
				}
				for len(row.Styles) < col-1 {
					row.Styles = append(row.Styles, 0)
				}
				row.Styles = append(row.Styles, int32(i))
			}
		}
		if self {
			continue
		}
		t := intern(typ)
		from := len(r.arena)
		v, kind, ok := r.fastValue(t)
		if !ok {
			if v, kind, err = r.cellValue(t); err != nil {
				return err
			}
		}
		inArena := len(r.arena) > from
		if kind != Plain {
			for len(row.Kinds) < col-1 {
				row.Kinds = append(row.Kinds, Plain)
			}
			row.Kinds = append(row.Kinds, kind)
		}
		if v == "" && !inArena {
			continue
		}
		if row.Cells == nil {
			// rows of a table are alike: room for as many cells as the last
			row.Cells = take(&r.cells, max(col, r.width))
		}
		for len(row.Cells) < col-1 {
			row.Cells = append(row.Cells, "")
		}
		if inArena {
			r.spans = append(r.spans, span{col - 1, from, len(r.arena)})
		}
		row.Cells = append(row.Cells, v)
	}
}

// fastValue reads the two shapes nearly every cell has, when they are
// whole in the buffer: <v>text</v></c> (a number, or a shared string's
// index) and <is><t>text</t></is></c> (an inline string), text with no
// entity nor _xHHHH_ escape. A plain value is appended to the row's arena
// (v is then ""), a shared string returned. ok is false, nothing read, for
// anything else, which cellValue reads as it always did. Written by hand
// because cellValue's five tags, strings.Builder and a string per value
// were most of the tokenising and a third of the garbage (bench/read
// profile, 100,000 rows); TestFastValueMatches holds the two equal.
func (r *Reader) fastValue(typ string) (v string, kind Kind, ok bool) {
	if r.sc.slow {
		return "", Plain, false
	}
	buf := r.sc.buffered()
	var text []byte
	var n int
	switch {
	case typ != "inlineStr" && bytes.HasPrefix(buf, []byte("<v>")):
		body := buf[3:]
		i := bytes.IndexByte(body, '<')
		if i < 0 || !bytes.HasPrefix(body[i:], []byte("</v></c>")) {
			return "", Plain, false
		}
		text, n = body[:i], 3+i+len("</v></c>")
	case typ == "inlineStr" && bytes.HasPrefix(buf, []byte("<is><t>")):
		body := buf[7:]
		i := bytes.IndexByte(body, '<')
		if i < 0 || !bytes.HasPrefix(body[i:], []byte("</t></is></c>")) || bytes.Contains(body[:i], []byte("_x")) {
			return "", Plain, false
		}
		text, n = body[:i], 7+i+len("</t></is></c>")
	default:
		return "", Plain, false
	}
	if bytes.IndexByte(text, '&') >= 0 {
		return "", Plain, false
	}
	switch typ {
	case "b":
		kind = Bool
	case "e":
		kind = Error
	case "s":
		t := bytes.TrimSpace(text)
		if len(text) == 0 {
			break
		}
		i, err := strconv.Atoi(string(t))
		if err != nil || r.shared == nil || i < 0 || i >= r.shared.len() {
			return "", Plain, false // cellValue says why
		}
		v = r.shared.at(i)
		r.sc.br.Discard(n)
		return v, kind, true
	}
	r.arena = append(r.arena, text...)
	r.sc.br.Discard(n)
	return "", kind, true
}

// cellValue reads a cell's children up to </c> and returns its raw value
// and its kind.
func (r *Reader) cellValue(typ string) (string, Kind, error) {
	sc := r.sc
	var v string
	var inline strings.Builder
	inIS, inPh := false, 0
	hasV, hasF := false, false
	for {
		name, end, self, _, err := sc.tag()
		if err != nil {
			return "", Plain, err
		}
		switch {
		case name == "c" && end:
			kind := Plain
			switch {
			case hasF && !hasV:
				kind = Uncomputed
			case typ == "b":
				kind = Bool
			case typ == "e":
				kind = Error
			}
			switch typ {
			case "s":
				i, err := strconv.Atoi(strings.TrimSpace(v))
				if v == "" {
					return "", kind, nil
				}
				if err != nil || r.shared == nil || i < 0 || i >= r.shared.len() {
					return "", kind, fmt.Errorf("chuỗi dùng chung %q không có", v)
				}
				return r.shared.at(i), kind, nil
			case "inlineStr":
				if inIS {
					return unescapeX(inline.String()), kind, nil
				}
			}
			return v, kind, nil
		case name == "v" && !end:
			hasV = true
			if !self {
				if v, err = sc.text(); err != nil {
					return "", Plain, err
				}
			}
		case name == "f" && !end:
			hasF = true
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
				return "", Plain, err
			}
			inline.WriteString(t)
			if inline.Len() > maxCellBytes { // a run of short texts
				return "", Plain, ErrCellTooLong
			}
		}
	}
}
