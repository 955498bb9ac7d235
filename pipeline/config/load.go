package config

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"asxh/internal/safefile"
)

// Error is a configuration mistake at a place in the file, written as
// config.yaml:41:9 the way compilers and encoding/csv point at input.
type Error struct {
	File   string
	Line   int
	Column int
	Msg    string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// Errors is every mistake found in one configuration file.
type Errors []*Error

func (es Errors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// MaxSize bounds a configuration or a template read: a larger one is not
// one, and reading it whole could exhaust memory.
const MaxSize = 16 << 20

// Load reads, strictly decodes and checks the configuration at path. Every
// mistake it finds is returned together, as Errors.
func Load(path string) (*Config, error) {
	data, err := safefile.ReadFile(path, MaxSize)
	if err != nil {
		return nil, Errors{{File: path, Msg: "không đọc được tệp cấu hình: " + err.Error()}}
	}
	return Parse(path, data)
}

// Parse decodes and checks a configuration read from path. When it
// extends a shared configuration (extends: ../chung/config.yaml), that
// one is read first and this one's keys override its: mappings key by
// key, any other value whole. Every mistake names the file it is in.
func Parse(path string, data []byte) (*Config, error) {
	files, errs, fatal := layers(path, data)
	if len(fatal) > 0 {
		return nil, fatal
	}
	root := files[len(files)-1].root
	for i := len(files) - 2; i >= 0; i-- {
		overlay(root, files[i].root)
	}
	origin := map[*yaml.Node]string{}
	for _, f := range files {
		mark(f.root, f.path, origin)
	}
	rebase(root, path, origin)
	pos := index(root, origin)
	var c Config
	if err := root.Decode(&c); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, decodeErrors(path, err, root)
		}
		// An unknown key or a value of the wrong type, reported in its
		// file by layers, leaves the rest decoded: check it too, so
		// every mistake comes in one pass.
	}
	c.Hash = hashLayers(files)
	c.Path = path
	c.Dir = filepath.Dir(path)
	c.pos = pos
	ck := checker{file: path, pos: pos, c: &c}
	ck.check()
	errs = merge(errs, ck.errs)
	if len(errs) > 0 {
		return nil, errs
	}
	return &c, nil
}

// merge adds the checker's errors to the decoder's, in the order of the
// file: none on a line the decoder already reported (a value it could
// not decode is zero, and saying so again would be a second message for
// one mistake), and none twice.
func merge(decoded, checked Errors) Errors {
	type line struct {
		file string
		n    int
	}
	lines := map[line]bool{}
	for _, e := range decoded {
		lines[line{e.File, e.Line}] = true
	}
	out := decoded
	seen := map[string]bool{}
	for _, e := range checked {
		if (e.Line > 0 && lines[line{e.File, e.Line}]) || seen[e.Error()] {
			continue
		}
		seen[e.Error()] = true
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	return out
}

// layer is one file of a configuration and those it extends.
type layer struct {
	path string
	data []byte
	root *yaml.Node // the document node
}

// maxExtends bounds a chain of extends: a deeper one is a mistake.
const maxExtends = 8

// layers reads path and, in turn, the configuration each file extends:
// path first, the most shared last. Each is decoded strictly on its own,
// so an unknown key or a wrong type is reported in the file that has it.
//
// It returns the files, the decoder's mistakes (unknown keys, wrong types:
// the rest still decodes), and the mistakes that stop everything.
func layers(path string, data []byte) (out []layer, decoded, fatal Errors) {
	seen := map[string]bool{}
	for {
		var root yaml.Node
		if err := yaml.Unmarshal(data, &root); err != nil {
			return nil, nil, Errors{syntaxError(path, err)}
		}
		var c Config
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
			var te *yaml.TypeError
			es, _ := decodeErrors(path, err, &root).(Errors)
			if !errors.As(err, &te) {
				return nil, nil, es
			}
			decoded = append(decoded, es...)
		}
		if len(root.Content) == 0 { // an empty file
			root = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map"}}}
		}
		out = append(out, layer{path, data, &root})
		abs, _ := filepath.Abs(path)
		seen[abs] = true
		ext := valueAt(root.Content[0], "extends")
		if ext == nil {
			return out, decoded, nil
		}
		at := func(msg string) ([]layer, Errors, Errors) {
			return nil, nil, append(decoded, &Error{File: path, Line: ext.Line, Column: ext.Column, Msg: msg})
		}
		if ext.Kind != yaml.ScalarNode || ext.Value == "" {
			return at("extends phải là đường dẫn tới tệp cấu hình dùng chung")
		}
		next := ext.Value
		if !filepath.IsAbs(next) {
			next = filepath.Join(filepath.Dir(path), next)
		}
		if a, _ := filepath.Abs(next); seen[a] {
			return at(fmt.Sprintf("extends %s: vòng lặp, tệp này đã được dùng trong chuỗi extends", ext.Value))
		}
		if len(out) > maxExtends {
			return at(fmt.Sprintf("extends: chuỗi quá dài (quá %d tệp)", maxExtends))
		}
		b, err := safefile.ReadFile(next, MaxSize)
		if err != nil {
			return at(fmt.Sprintf("extends %s: không đọc được tệp cấu hình: %v", ext.Value, err))
		}
		path, data = next, b
	}
}

// valueAt is the value of key in the mapping m, or nil.
func valueAt(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// overlay writes the document top over base: a mapping key by key, any
// other value whole (a list replaces the shared list).
func overlay(base, top *yaml.Node) {
	b, t := base.Content[0], top.Content[0]
	if b.Kind != yaml.MappingNode || t.Kind != yaml.MappingNode {
		base.Content[0] = t
		return
	}
	mergeMap(b, t)
}

func mergeMap(b, t *yaml.Node) {
	for i := 0; i+1 < len(t.Content); i += 2 {
		k, v := t.Content[i], t.Content[i+1]
		j := -1
		for x := 0; x+1 < len(b.Content); x += 2 {
			if b.Content[x].Value == k.Value {
				j = x
				break
			}
		}
		switch {
		case j < 0:
			b.Content = append(b.Content, k, v)
		case b.Content[j+1].Kind == yaml.MappingNode && v.Kind == yaml.MappingNode:
			b.Content[j] = k
			mergeMap(b.Content[j+1], v)
		default:
			b.Content[j], b.Content[j+1] = k, v
		}
	}
}

// mark records the file every node of a document came from.
func mark(n *yaml.Node, path string, origin map[*yaml.Node]string) {
	if _, done := origin[n]; done {
		return
	}
	origin[n] = path
	for _, ch := range n.Content {
		mark(ch, path, origin)
	}
}

// pathKeys are the values that are paths relative to the file they are
// written in. input and output are not: a shared configuration's "input: ."
// is each ward's own folder, relative to the configuration that is run.
var pathKeys = [][]string{{"document", "template"}}

// rebase rewrites a relative path written in a shared file to be relative
// to the configuration's own folder, where Resolve looks.
func rebase(root *yaml.Node, path string, origin map[*yaml.Node]string) {
	for _, keys := range pathKeys {
		n := root.Content[0]
		for _, k := range keys {
			n = valueAt(n, k)
		}
		if n == nil || n.Kind != yaml.ScalarNode || n.Value == "" || filepath.IsAbs(n.Value) || origin[n] == path {
			continue
		}
		p := filepath.Join(filepath.Dir(origin[n]), n.Value)
		if rel, err := filepath.Rel(filepath.Dir(path), p); err == nil {
			p = rel
		} else if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		n.Value = p
	}
}

// hashLayers is the SHA-256 of the configuration's bytes: of the file
// alone, or of each file of the chain in turn.
func hashLayers(files []layer) string {
	if len(files) == 1 {
		sum := sha256.Sum256(files[0].data)
		return hex.EncodeToString(sum[:])
	}
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s %d\n", filepath.Base(f.path), len(f.data))
		h.Write(f.data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// DecodeStrict decodes YAML read from path into v, refusing unknown keys,
// with every mistake positioned as file:line:column; for the other
// configuration files the program reads.
func DecodeStrict(path string, data []byte, v any) error {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return Errors{syntaxError(path, err)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return decodeErrors(path, err, &root)
	}
	return nil
}

// ErrorAt is a mistake about the value of key ("document.template"),
// placed where the configuration file sets it; at the file alone when the
// file does not set it.
func (c *Config) ErrorAt(key, msg string) *Error {
	p := c.pos[key]
	return &Error{File: c.Path, Line: p.line, Column: p.col, Msg: msg}
}

// Resolve returns p relative to the configuration file's folder.
func (c *Config) Resolve(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir, p)
}

var lineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

func syntaxError(path string, err error) *Error {
	e := located(path, err.Error())
	e.Msg = "sai cú pháp YAML: " + yamlMessage(e.Msg)
	return e
}

// located splits yaml.v3's "line N: …" into the place and the message.
func located(path, msg string) *Error {
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return &Error{File: path, Line: n, Column: 1, Msg: m[2]}
	}
	return &Error{File: path, Msg: strings.TrimPrefix(msg, "yaml: ")}
}

var unknownFieldRE = regexp.MustCompile(`^field (\S+) not found in type \S+$`)
var cannotRE = regexp.MustCompile("^cannot unmarshal !!\\w+ `([^`]*)`")

// decodeErrors turns yaml.v3's "line N: …" messages into positioned errors,
// finding the column from the node tree.
func decodeErrors(path string, err error, root *yaml.Node) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return Errors{syntaxError(path, err)}
	}
	var out Errors
	for _, s := range te.Errors {
		e := located(path, s)
		if m := unknownFieldRE.FindStringSubmatch(e.Msg); m != nil {
			e.Msg = fmt.Sprintf("khóa %q không có ở chỗ này của cấu hình (gõ sai tên, hay thụt lề sai?)", m[1])
			e.Column = findColumn(root, e.Line, m[1], true)
		} else if m := cannotRE.FindStringSubmatch(e.Msg); m != nil {
			e.Column = findColumn(root, e.Line, m[1], false)
			e.Msg = fmt.Sprintf("giá trị %q không đúng kiểu ở chỗ này: phải là %s", m[1], goType(e.Msg))
		} else if strings.HasPrefix(e.Msg, "cannot unmarshal ") {
			e.Msg = "giá trị ở chỗ này không đúng kiểu: phải là " + goType(e.Msg)
		}
		out = append(out, e)
	}
	return out
}

// findColumn returns the column of the node on line whose value is v (a
// mapping key when key is set); 1 when there is none.
func findColumn(n *yaml.Node, line int, v string, key bool) int {
	col := 0
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if col != 0 {
			return
		}
		for i, ch := range n.Content {
			isKey := n.Kind == yaml.MappingNode && i%2 == 0
			if ch.Line == line && ch.Value == v && (!key || isKey) {
				col = ch.Column
				return
			}
			walk(ch)
		}
	}
	walk(n)
	if col == 0 {
		return 1
	}
	return col
}

// pos is a position in the configuration file; inline says the value is
// a one-line scalar whose text starts at col+skip (after its quote), so a
// place inside it can be pointed at.
type pos struct {
	file      string // the file it is in; blank: the configuration's own
	line, col int
	inline    bool
	skip      int
}

// index maps each path ("figures[3].filter") to the position of its value.
func index(root *yaml.Node, origin map[*yaml.Node]string) map[string]pos {
	m := map[string]pos{}
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		p := pos{file: origin[n], line: n.Line, col: n.Column}
		if n.Kind == yaml.ScalarNode {
			switch n.Style {
			case 0, yaml.TaggedStyle:
				p.inline = true
			case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
				p.inline, p.skip = true, 1
			}
		}
		m[path] = p
		switch n.Kind {
		case yaml.DocumentNode:
			for _, ch := range n.Content {
				walk(ch, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				p := n.Content[i].Value
				if path != "" {
					p = path + "." + p
				}
				walk(n.Content[i+1], p)
			}
		case yaml.SequenceNode:
			for i, ch := range n.Content {
				walk(ch, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(root, "")
	return m
}

// yamlMessages say yaml.v3's common syntax messages in Vietnamese, with
// the usual cause; the rest keep the library's words.
var yamlMessages = []struct{ prefix, say string }{
	{"found character that cannot start any token", "có ký tự không mở đầu được giá trị nào (thường là phím Tab: YAML chỉ thụt lề bằng dấu cách)"},
	{"mapping values are not allowed in this context", "dấu hai chấm ở chỗ không được phép (một giá trị có dấu \": \" cần đặt trong dấu nháy)"},
	{"did not find expected key", "không thấy khóa ở chỗ này: thụt lề sai, hay thiếu dấu \"- \" của một mục trong danh sách?"},
	{"did not find expected ',' or '}'", "thiếu dấu phẩy hoặc dấu } đóng"},
	{"did not find expected ',' or ']'", "thiếu dấu phẩy hoặc dấu ] đóng"},
	{"found unexpected end of stream", "tệp hết giữa chừng: thiếu dấu nháy hay ngoặc đóng?"},
	{"could not find expected ':'", "thiếu dấu hai chấm sau khóa"},
	{"did not find expected node content", "thiếu giá trị ở chỗ này"},
	{"found a tab character", "có phím Tab: YAML chỉ thụt lề bằng dấu cách"},
}

func yamlMessage(msg string) string {
	for _, m := range yamlMessages {
		if strings.Contains(msg, m.prefix) {
			return m.say
		}
	}
	return msg
}

var intoRE = regexp.MustCompile(` into (\S+)$`)

// goType names, in the clerk's words, the Go type a value must decode into.
func goType(msg string) string {
	m := intoRE.FindStringSubmatch(msg)
	if m == nil {
		return "kiểu khác"
	}
	switch t := m[1]; {
	case strings.HasPrefix(t, "int"):
		return "một số nguyên"
	case strings.HasPrefix(t, "float"):
		return "một số"
	case t == "bool":
		return "true hoặc false"
	case t == "string":
		return "một chuỗi chữ"
	case strings.HasPrefix(t, "[]"):
		return "một danh sách [ … ]"
	case strings.HasPrefix(t, "map") || strings.Contains(t, "."):
		return "một nhóm khóa: giá trị"
	default:
		return t
	}
}
