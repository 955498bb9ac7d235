package xlsxstream

import (
	"bufio"
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

	batches chan batch
	stop    chan struct{}
	queue   []Row
	err     error // returned once the queue is empty

	// parser state, owned by the parsing goroutine
	last, col int
	width     int // cells in the row before, to size the next
}

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
		if ref := attr(attrs, "r"); ref != "" {
			if num, err = strconv.Atoi(ref); err != nil || num <= r.last {
				return Row{}, fmt.Errorf("số dòng sai: %q", ref)
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

func (r *Reader) parseCells(row *Row) error {
	sc := r.sc
	r.col = 0
	for {
		name, end, self, attrs, err := sc.tag()
		if err != nil {
			return err
		}
		if name == "row" && end {
			r.width = min(max(len(row.Cells), len(row.Styles)), 256)
			return nil
		}
		if name != "c" || end {
			continue
		}
		r.col++
		ref, style, typ := cellAttrs(attrs)
		if ref != nil {
			c, err := ColumnOf(string(ref)) // the compiler does not copy for this call
			if err != nil || c < r.col {
				return fmt.Errorf("ô sai: %q", ref)
			}
			r.col = c
		}
		col := r.col
		if style != nil && !(len(style) == 1 && style[0] == '0') {
			if i, err := strconv.Atoi(string(style)); err == nil && i > 0 && i < 1<<31 {
				if row.Styles == nil {
					row.Styles = make([]int32, 0, max(col, r.width))
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
		v, kind, err := r.cellValue(t)
		if err != nil {
			return err
		}
		if kind != Plain {
			for len(row.Kinds) < col-1 {
				row.Kinds = append(row.Kinds, Plain)
			}
			row.Kinds = append(row.Kinds, kind)
		}
		if v == "" {
			continue
		}
		if row.Cells == nil {
			// rows of a table are alike: one allocation for the row
			row.Cells = make([]string, 0, max(col, r.width))
		}
		for len(row.Cells) < col-1 {
			row.Cells = append(row.Cells, "")
		}
		row.Cells = append(row.Cells, v)
	}
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
		}
	}
}
