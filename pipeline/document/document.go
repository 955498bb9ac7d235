// Package document fills the report's text template with the computed
// figures and returns the document both renderers draw: the furniture of
// an administrative document, the body as headings and paragraphs, and the
// appendix tables. It formats; it computes nothing.
package document

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"text/template"
	"unicode"
	"unicode/utf8"

	"asxh/pipeline/config"
	"asxh/pipeline/figure"
	"asxh/pipeline/vn"
)

// Kind of a body block.
type Kind int

const (
	Paragraph Kind = iota
	Heading1       // "I. …", upper case bold
	Heading2       // "1. …", bold
	Heading3       // "a) …", regular
)

// Block is one heading or paragraph of the body.
type Block struct {
	Kind Kind
	Text string
}

// Document is everything a renderer draws.
type Document struct {
	Issuer     []string
	National   []string
	NumberLine string // "Số:      /BC-UBND"
	PlaceDate  string // "Cự Khối, ngày 15 tháng 01 năm 2021"
	Kind       string // "BÁO CÁO"
	Subject    string
	Title      string // short title, for the workbook
	Body       []Block
	To         []string // "Kính gửi:" under the title
	Signer     config.Signer
	Recipients []string
	Appendix   Appendix
	Year       int
	Draft      bool
	// Note says, in a draft, why figures carry "*": "(*) Số liệu chưa
	// đầy đủ: sổ … còn N lỗi."; printed under the body.
	Note string
}

// Appendix is the tables after the signature.
type Appendix struct {
	Title  string
	Note   string
	Notes  []string // notes on the figures, under Note
	Tables []*figure.Table
}

// Data is what the body template sees.
type Data struct {
	Year, NextYear int
	Vars           map[string]any
	Params         map[string]any
	Document       *config.Document
	Unit           config.Unit // who reports: .Unit.Kind, .Unit.Name, .Unit.District…
}

// NoteData is what the appendix note template sees.
type NoteData struct {
	Number, Symbol, Date, Place string
	Unit                        config.Unit
}

// Build fills the body template src with figs.
func Build(c *config.Config, figs *figure.Set, src string, draft bool) (*Document, error) {
	d := &Document{
		Issuer: c.Document.Issuer, National: c.Document.National,
		NumberLine: numberLine(c.Document.Number, c.Document.Symbol),
		PlaceDate:  c.Document.Place + ", " + vn.LongDate(c.Document.Day),
		Kind:       c.Document.Kind, Subject: c.Document.Subject, Title: c.Document.Title,
		To: c.Document.To, Signer: c.Document.Signer, Recipients: recipients(c.Document.To, c.Document.Recipients),
		Year: c.Year, Draft: draft,
	}
	if draft {
		d.Note = figs.Note
	}
	for _, t := range []struct{ name, src string }{{c.Document.Template, src}, {"appendix.note", c.Appendix.Note}} {
		if f := config.MissingUnit(t.src, c.Unit); f != "" {
			return nil, fmt.Errorf("%s dùng unit.%s nhưng cấu hình %s chưa ghi unit.%s", t.name, f, c.Path, f)
		}
	}
	tmpl, err := template.New(c.Document.Template).Funcs(funcs(figs)).Option("missingkey=error").Parse(src)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	data := Data{Year: c.Year, NextYear: c.Year + 1, Vars: c.Vars, Params: c.Params.Map(), Document: &c.Document, Unit: c.Unit}
	if err := tmpl.Execute(&buf, data); err != nil {
		return nil, err
	}
	body := buf.String()
	if draft {
		// a marked percent reads "111,54%*", not "111,54*%": the
		// template writes the sign after the figure
		body = strings.ReplaceAll(body, figure.Marked("", true)+"%", "%"+figure.Marked("", true))
	}
	d.Body = Parse(body)
	d.Appendix.Title = c.Appendix.Title
	if c.Appendix.Note != "" {
		nt, err := template.New("appendix.note").Funcs(config.UnitFuncs).Option("missingkey=error").Parse(c.Appendix.Note)
		if err != nil {
			return nil, fmt.Errorf("appendix.note: %w", err)
		}
		var nb bytes.Buffer
		nd := NoteData{Number: numberPart(c.Document.Number), Symbol: c.Document.Symbol,
			Date: c.Document.Day.Format("02/01/2006"), Place: c.Document.Place, Unit: c.Unit}
		if err := nt.Execute(&nb, nd); err != nil {
			return nil, fmt.Errorf("appendix.note: %w", err)
		}
		d.Appendix.Note = nb.String()
	}
	for _, k := range c.Appendix.Tables {
		d.Appendix.Tables = append(d.Appendix.Tables, figs.Table(k))
	}
	return d, nil
}

// AsAbove is the first line of Nơi nhận of a document sent to a named
// body: NĐ 30 Phụ lục I, 9b.
const AsAbove = "Như trên;"

// recipients is Nơi nhận: "Như trên;" first when the document has a
// "Kính gửi", unless the configuration already lists it.
func recipients(to, rs []string) []string {
	if len(to) == 0 || (len(rs) > 0 && strings.EqualFold(strings.TrimSpace(rs[0]), AsAbove)) {
		return rs
	}
	return append([]string{AsAbove}, rs...)
}

// ToLines is "Kính gửi:" as printed: one body on the line of the label,
// ending with a full stop; several as a list under it.
func (d *Document) ToLines() []string {
	switch len(d.To) {
	case 0:
		return nil
	case 1:
		return []string{"Kính gửi: " + strings.TrimRight(d.To[0], ".;") + "."}
	}
	out := []string{"Kính gửi:"}
	for i, t := range d.To {
		end := ";"
		if i == len(d.To)-1 {
			end = "."
		}
		out = append(out, "- "+strings.TrimRight(t, ".;")+end)
	}
	return out
}

// numberPart is the document number as written: zero-padded below 10, or
// room to write it by hand when it is not yet assigned.
func numberPart(n string) string {
	n = strings.TrimSpace(n)
	if n == "" {
		return "      "
	}
	if v, err := strconv.Atoi(n); err == nil && v < 10 {
		return fmt.Sprintf("%02d", v)
	}
	return n
}

func numberLine(n, symbol string) string {
	return "Số: " + numberPart(n) + "/" + symbol
}

// Parse splits template output into blocks: "# ", "## ", "### " start
// headings; blank lines end paragraphs; lines inside a paragraph join.
func Parse(s string) []Block {
	var out []Block
	var para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, Block{Kind: Paragraph, Text: vn.Clean(strings.Join(para, " "))})
			para = nil
		}
	}
	for _, line := range strings.Split(s, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			flush()
		case strings.HasPrefix(t, "### "):
			flush()
			out = append(out, Block{Kind: Heading3, Text: vn.Clean(t[4:])})
		case strings.HasPrefix(t, "## "):
			flush()
			out = append(out, Block{Kind: Heading2, Text: vn.Clean(t[3:])})
		case strings.HasPrefix(t, "# "):
			flush()
			out = append(out, Block{Kind: Heading1, Text: vn.Clean(t[2:])})
		default:
			para = append(para, t)
		}
	}
	flush()
	return out
}

func funcs(figs *figure.Set) template.FuncMap {
	get := func(k string) (*figure.Figure, error) {
		if f := figs.Figure(k); f != nil {
			return f, nil
		}
		return nil, fmt.Errorf("no figure %q", k)
	}
	return template.FuncMap{
		"fig": func(k string) (string, error) {
			f, err := get(k)
			if err != nil {
				return "", err
			}
			s := f.Text()
			if f.Format == config.FormatPercent {
				// prose says "100%" and "80,5%"; the tables and the
				// workbook keep the format's two decimals in columns
				s = vn.NewPrinter().Number(f.Value, 2)
			}
			return figure.Marked(s, f.IsUncertain()), nil
		},
		"val": func(k string) (float64, error) {
			f, err := get(k)
			if err != nil {
				return 0, err
			}
			return f.Value, nil
		},
		"figure": get,
		"table": func(k string) (*figure.Table, error) {
			if t := figs.Table(k); t != nil {
				return t, nil
			}
			return nil, fmt.Errorf("no table %q", k)
		},
		"join":  func(list []string, sep string) string { return strings.Join(list, sep) },
		"upper": strings.ToUpper,
		"lcfirst": func(s string) string {
			r, n := utf8.DecodeRuneInString(s)
			if n == 0 || (len(s) > n && unicode.IsUpper([]rune(s[n:])[0])) {
				return s // an abbreviation such as "HIV" keeps its case
			}
			return string(unicode.ToLower(r)) + s[n:]
		},
		"inc": func(i int) int { return i + 1 },
		"abs": func(v float64) string { return vn.NewPrinter().Int(math.Abs(v)) },
		"num": func(v float64) string { return figure.Format(config.FormatInteger, v, nil) },
	}
}
