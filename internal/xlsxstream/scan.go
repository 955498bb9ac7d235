package xlsxstream

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// scanner tokenises XML just enough for worksheets and shared strings:
// element names (prefix dropped), their attributes, and text. It is
// hand-written rather than encoding/xml because encoding/xml allocates a
// token per element and is about ten times slower on a worksheet, which
// is nearly all the reader's time (BenchmarkSheet).
type scanner struct {
	br *bufio.Reader
	// slow turns the fast paths off: the tests read every input both
	// ways and want the same rows and errors
	slow bool
}

// tag skips to the next element tag and returns its local name, whether it
// is an end tag or self-closing, and its raw attributes. Comments,
// processing instructions and declarations are skipped.
func (sc *scanner) tag() (name string, end, self bool, attrs []byte, err error) {
	// The fast path: the whole tag is in the buffer already, as it nearly
	// always is (tags are short, the buffer 64 KB). Taken from the buffer
	// with two IndexByte and one Discard instead of three bufio calls, it
	// is about a third of the worksheet's tokenising (bench/read profile).
	// What it does not handle it leaves unread for the general path below.
	if buf := sc.buffered(); len(buf) > 0 && !sc.slow {
		if i := bytes.IndexByte(buf, '<'); i >= 0 && i+1 < len(buf) && buf[i+1] != '?' && buf[i+1] != '!' {
			start := i + 1
			if buf[start] == '/' {
				end = true
				start++
			}
			if j := bytes.IndexByte(buf[start:], '>'); j >= 0 {
				raw := buf[start : start+j]
				sc.br.Discard(start + j + 1)
				name, self, attrs = splitTag(raw)
				return name, end, self, attrs, nil
			}
			end = false
		}
	}
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
		name, self, attrs = splitTag(raw)
		return name, end, self, attrs, nil
	}
}

// buffered returns the bytes read ahead and not yet consumed, without
// reading more; valid until the next read.
func (sc *scanner) buffered() []byte {
	b, _ := sc.br.Peek(sc.br.Buffered())
	return b
}

// splitTag splits what is between '<' (and '/') and '>' into the local
// name, whether the tag closes itself, and the raw attributes.
func splitTag(raw []byte) (name string, self bool, attrs []byte) {
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
	return intern(nm), self, attrs
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
	case "worksheet":
		return "worksheet"
	case "mergeCell":
		return "mergeCell"
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
// is valid until the next read. Past maxTagBytes it stops with
// ErrTagTooLong, what it read not held.
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
		if len(buf) > maxTagBytes {
			return nil, ErrTagTooLong
		}
		b, err = sc.br.ReadSlice(delim)
		buf = append(buf, b...)
	}
	if err != nil {
		return nil, err
	}
	return buf[:len(buf)-1], nil
}

// text reads character data up to the next tag (which it leaves unread)
// and decodes entities. Past maxCellBytes it stops with ErrCellTooLong,
// what it read not held: a cell or shared string longer than Excel's
// limit is refused as it is read.
func (sc *scanner) text() (string, error) {
	if buf := sc.buffered(); len(buf) > 0 && !sc.slow {
		if i := bytes.IndexByte(buf, '<'); i >= 0 {
			s, err := unescape(buf[:i])
			sc.br.Discard(i)
			return s, err
		}
	}
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
		if len(buf) > maxCellBytes {
			return "", ErrCellTooLong
		}
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
	raw, _ := attrRaw(attrs, name)
	if raw == nil {
		return ""
	}
	v, _ := unescape(raw)
	return v
}

// attrRaw returns the value of attribute name as written, entities not
// decoded, and whether it is there.
func attrRaw(attrs []byte, name string) ([]byte, bool) {
	for len(attrs) > 0 {
		attrs = bytes.TrimLeft(attrs, " \t\r\n")
		eq := bytes.IndexByte(attrs, '=')
		if eq < 0 {
			return nil, false
		}
		key := bytes.TrimSpace(attrs[:eq])
		rest := bytes.TrimLeft(attrs[eq+1:], " \t\r\n")
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return nil, false
		}
		q := rest[0]
		e := bytes.IndexByte(rest[1:], q)
		if e < 0 {
			return nil, false
		}
		if k := key; string(k) == name || len(k) > len(name) && k[len(k)-len(name)-1] == ':' && string(k[len(k)-len(name):]) == name {
			return rest[1 : 1+e : 1+e], true
		}
		attrs = rest[2+e:]
	}
	return nil, false
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

// ColumnOf returns the 1-based column of a reference such as "AB12".
func ColumnOf(ref string) (int, error) {
	c := 0
	for i := 0; i < len(ref); i++ {
		ch := ref[i]
		switch {
		case ch >= 'A' && ch <= 'Z':
			c = c*26 + int(ch-'A'+1)
		case ch >= 'a' && ch <= 'z':
			c = c*26 + int(ch-'a'+1)
		case ch >= '0' && ch <= '9' && i > 0:
			if c > MaxCols {
				return 0, ErrTooManyCols
			}
			return c, nil
		default:
			return 0, errors.New("ô sai")
		}
		if c > MaxCols {
			return 0, ErrTooManyCols
		}
	}
	if c == 0 {
		return 0, errors.New("ô sai")
	}
	return c, nil
}

// cellRef splits "AB12" into column 28 and row 12.
func cellRef(ref string) (col, row int, err error) {
	col, err = ColumnOf(ref)
	if err != nil {
		return 0, 0, err
	}
	i := strings.IndexAny(ref, "0123456789")
	if i < 0 {
		return 0, 0, errors.New("ô sai")
	}
	row, err = strconv.Atoi(ref[i:])
	if err != nil || row < 1 || row > MaxRows {
		return 0, 0, errors.New("ô sai")
	}
	return col, row, nil
}
