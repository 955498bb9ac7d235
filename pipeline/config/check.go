package config

import (
	"asxh/pipeline/finding"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"text/template"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"

	"asxh/pipeline/vn"
)

// checker finds every semantic mistake and compiles every expression.
type checker struct {
	file string
	pos  map[string]pos
	c    *Config
	errs Errors
}

func (k *checker) errf(path, format string, args ...any) {
	p, ok := k.pos[path]
	for !ok && path != "" {
		// point at the nearest enclosing node that is in the file
		if i := strings.LastIndexAny(path, ".["); i >= 0 {
			path = path[:i]
		} else {
			path = ""
		}
		p, ok = k.pos[path]
	}
	k.errs = append(k.errs, &Error{File: k.fileOf(p), Line: p.line, Column: p.col, Msg: fmt.Sprintf(format, args...)})
}

// errAt reports a mistake at rune offset at of the one-line expression
// at path, or at the expression when it spans lines.
func (k *checker) errAt(path string, at int, msg string) {
	p, ok := k.pos[path]
	if !ok {
		k.errf(path, "%s", msg)
		return
	}
	if p.inline {
		p.col += p.skip + at
	}
	k.errs = append(k.errs, &Error{File: k.fileOf(p), Line: p.line, Column: p.col, Msg: msg})
}

// exprErr reports a compile error at the expression's own column.
func (k *checker) exprErr(path string, err error) {
	p := k.pos[path]
	msg := err.Error()
	if fe, ok := err.(*file.Error); ok {
		msg = fe.Message
		if p.line > 0 && fe.Line == 1 {
			p.col += fe.Column + p.skip // a one-line scalar: point inside it
		}
	}
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	k.errs = append(k.errs, &Error{File: k.fileOf(p), Line: p.line, Column: p.col, Msg: exprMessage(msg)})
}

// fileOf is the file a position is in: a shared one the configuration
// extends, or the configuration itself.
func (k *checker) fileOf(p pos) string {
	if p.file != "" {
		return p.file
	}
	return k.file
}

// exprMessages say expr-lang's messages about the common mistakes in
// Vietnamese; each format takes the pattern's groups in order.
var exprMessages = []struct {
	re     *regexp.Regexp
	format string
}{
	{regexp.MustCompile(`^unknown name (\S+)$`), "biểu thức dùng tên %q không có: không phải cột, giá trị tính, chỉ tiêu hay tham số nào"},
	{regexp.MustCompile(`^invalid operation: (.*) \(mismatched types (\S+) and (\S+)\)$`), "biểu thức không tính được %s: hai vế khác kiểu (%s và %s)"},
	{regexp.MustCompile(`^expected (\S+), but got (\S+)$`), "biểu thức phải cho kết quả kiểu %s (bool: đúng/sai), không phải %s"},
	{regexp.MustCompile(`^unexpected token (.*)$`), "biểu thức sai cú pháp: không chờ %s ở đây"},
}

// exprMessage says expr-lang's message in Vietnamese; an uncommon one
// keeps expr's words after a Vietnamese lead.
func exprMessage(msg string) string {
	for _, e := range exprMessages {
		if m := e.re.FindStringSubmatch(msg); m != nil {
			args := make([]any, len(m)-1)
			for i, g := range m[1:] {
				args[i] = g
			}
			return fmt.Sprintf(e.format, args...)
		}
	}
	return "biểu thức sai: " + msg
}

// compile compiles an expression, reporting a mistake at its place; nil
// for a blank expression or a mistake (which stops the configuration).
func (k *checker) compile(path, src string, env map[string]any, opts ...expr.Option) *vm.Program {
	p, err := compile(src, env, opts...)
	if err != nil {
		k.exprErr(path, err)
		return nil
	}
	return p
}

// dropNil removes empty entries ("- " alone, or "~") from a list, each an error.
func dropNil[T any](k *checker, path string, list []*T) []*T {
	out := list[:0]
	for i, x := range list {
		if x == nil {
			k.errf(fmt.Sprintf("%s[%d]", path, i), "mục trống trong %s: xóa dòng \"-\" không có nội dung", path)
			continue
		}
		out = append(out, x)
	}
	return out
}

func (k *checker) check() {
	c := k.c
	c.Registers = dropNil(k, "registers", c.Registers)
	c.Figures = dropNil(k, "figures", c.Figures)
	c.Tables = dropNil(k, "tables", c.Tables)
	for i, r := range c.Registers {
		p := fmt.Sprintf("registers[%d]", i)
		r.Fields = dropNil(k, p+".fields", r.Fields)
		r.Derived = dropNil(k, p+".derived", r.Derived)
		r.Rules = dropNil(k, p+".rules", r.Rules)
	}
	for i, t := range c.Tables {
		p := fmt.Sprintf("tables[%d]", i)
		t.Rows = dropNil(k, p+".rows", t.Rows)
		t.Columns = dropNil(k, p+".columns", t.Columns)
	}
	if c.Year < 1900 || c.Year > 2200 {
		k.errf("year", "year phải là một năm (ví dụ 2020), không phải %d", c.Year)
	}
	if c.Input == "" {
		c.Input = "."
	}
	if c.Output == "" {
		c.Output = "output"
	}
	k.document()
	k.params()
	if c.Reader.HeaderRows == 0 {
		c.Reader.HeaderRows = 30
	}
	c.Reader.EndREs = nil
	for i, p := range c.Reader.EndPatterns {
		if re := k.regexp(fmt.Sprintf("reader.end_patterns[%d]", i), p); re != nil {
			c.Reader.EndREs = append(c.Reader.EndREs, re)
		}
	}
	if c.Reader.MaxFileMB == 0 {
		c.Reader.MaxFileMB = 200
	}
	if c.Reader.MaxFileMB < 0 {
		k.errf("reader.max_file_mb", "reader.max_file_mb phải là số MiB dương, không phải %d", c.Reader.MaxFileMB)
	}
	for i, r := range c.Registers {
		k.register(fmt.Sprintf("registers[%d]", i), r)
	}
	if len(c.Registers) == 0 {
		k.errf("registers", "chưa khai báo sổ nào trong registers")
	}
	k.unique("registers", len(c.Registers), func(i int) string { return c.Registers[i].Key })
	for i, r := range c.Registers {
		k.references(fmt.Sprintf("registers[%d]", i), r)
	}
	k.figures()
	for i, t := range c.Tables {
		k.table(fmt.Sprintf("tables[%d]", i), t)
	}
	k.unique("tables", len(c.Tables), func(i int) string { return c.Tables[i].Key })
	for i, t := range c.Appendix.Tables {
		if c.Table(t) == nil {
			k.errf(fmt.Sprintf("appendix.tables[%d]", i), "không có biểu %q trong tables", t)
		}
	}
}

func (k *checker) document() {
	d := &k.c.Document
	k.unitText(d)
	req := map[string]string{"document.name": d.Name, "document.kind": d.Kind, "document.subject": d.Subject, "document.template": d.Template, "document.place": d.Place}
	for _, p := range slices.Sorted(mapKeys(req)) {
		if req[p] == "" {
			k.errf(p, "thiếu %s", p)
		}
	}
	if d.Findings == "" {
		d.Findings = "findings"
	}
	for _, n := range []struct{ path, stem string }{{"document.name", d.Name}, {"document.findings", d.Findings}} {
		if n.stem != "" && !isFileStem(n.stem) {
			k.errf(n.path, "%s %q phải là một tên tệp, không có thư mục hay dấu / \\ .. (tệp kết quả chỉ được ghi trong thư mục kết quả)", n.path, n.stem)
		}
	}
	if len(d.Issuer) == 0 {
		k.errf("document.issuer", "thiếu document.issuer (tên cơ quan ban hành)")
	}
	t, err := time.Parse("2006-01-02", d.Date)
	if err != nil {
		k.errf("document.date", "document.date phải viết dạng NĂM-THÁNG-NGÀY (ví dụ 2021-01-15), không phải %q", d.Date)
	}
	d.Day = t
	if d.Template != "" {
		if path := k.c.Resolve(d.Template); os.IsNotExist(statErr(path)) {
			k.errf("document.template", "Không có mẫu báo cáo %s (khóa document.template)", path)
		} else if err := statErr(path); err != nil {
			k.errf("document.template", "Không đọc được mẫu báo cáo %s (khóa document.template): %v", path, err)
		}
	}
}

// isFileStem reports whether s names a file in the output folder and
// nothing else: an output name with a folder in it (../x, /tmp/x, a\x)
// would write outside the output root.
func isFileStem(s string) bool {
	if s == "." || s == ".." || strings.HasPrefix(s, ".") {
		return false // "..", or a hidden file the release would not show
	}
	for _, r := range s {
		if r == '/' || r == '\\' || r == ':' || r < ' ' || r == 0x7f {
			return false
		}
	}
	return true
}

func (k *checker) params() {
	for i, p := range k.c.Params {
		if !isName(p.Key) {
			k.errf(fmt.Sprintf("params[%d].key", i), "khóa tham số %q phải là tên viết thường không dấu (chữ, số, _)", p.Key)
		}
	}
	k.unique("params", len(k.c.Params), func(i int) string { return k.c.Params[i].Key })
}

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func isName(s string) bool { return nameRE.MatchString(s) }

// unique reports keys used twice in a list.
func (k *checker) unique(path string, n int, key func(int) string) {
	seen := map[string]bool{}
	for i := range n {
		s := key(i)
		if seen[s] {
			k.errf(fmt.Sprintf("%s[%d].key", path, i), "khóa %q bị dùng hai lần", s)
		}
		seen[s] = true
	}
}

func (k *checker) register(path string, r *Register) {
	if !isName(r.Key) {
		k.errf(path+".key", "khóa sổ %q phải là tên viết thường không dấu (chữ, số, _)", r.Key)
	}
	if len(r.Files) == 0 {
		k.errf(path+".files", "sổ %s chưa có mẫu tên tệp (files)", r.Key)
	}
	r.byKey = map[string]int{}
	for i, f := range r.Fields {
		fp := fmt.Sprintf("%s.fields[%d]", path, i)
		if !isName(f.Key) || reserved[f.Key] {
			k.errf(fp+".key", "khóa cột %q phải là tên viết thường không dấu (chữ, số, _) và không phải report, params, row", f.Key)
		}
		if _, dup := r.byKey[f.Key]; dup {
			k.errf(fp+".key", "cột %q được khai báo hai lần", f.Key)
		}
		r.byKey[f.Key] = i
		if !slices.Contains(fieldTypes, f.Type) {
			k.errf(fp+".type", "kiểu %q không có; các kiểu: %s", f.Type, strings.Join(fieldTypes, ", "))
		}
		if f.Header == "" {
			k.errf(fp+".header", "cột %s chưa có tiêu đề (header)", f.Key)
		}
		if f.Type == Enum && len(f.Values) == 0 {
			k.errf(fp+".values", "cột %s kiểu enum chưa liệt kê giá trị nào (values)", f.Key)
		}
		if f.Type != Enum && len(f.Values) > 0 {
			k.errf(fp+".values", "chỉ cột kiểu enum mới có values")
		}
		if f.Pattern != "" {
			if _, err := regexp.Compile(f.Pattern); err != nil {
				k.errf(fp+".pattern", "mẫu (pattern) sai: %v", err)
			}
		}
	}
	for i, f := range r.Fields {
		k.layouts(fmt.Sprintf("%s.fields[%d]", path, i), r, f)
	}
	k.members(path, r)
	k.ended(path, r)
	if r.ID != "" && r.FieldIndex(r.ID) < 0 {
		k.errf(path+".id", "sổ %[2]s không có cột %[1]q", r.ID, r.Key)
	}
	if r.Name != "" && r.FieldIndex(r.Name) < 0 {
		k.errf(path+".name", "no field %q in register %s", r.Name, r.Key)
	}
	if r.ID == "" {
		for _, f := range r.Fields {
			if f.Unique {
				r.ID = f.Key
				break
			}
		}
	}
	for i, u := range r.Unique {
		for j, f := range u {
			if r.FieldIndex(f) < 0 {
				k.errf(fmt.Sprintf("%s.unique[%d][%d]", path, i, j), "sổ %[2]s không có cột %[1]q", f, r.Key)
			}
		}
	}
	for i, d := range r.Derived {
		dp := fmt.Sprintf("%s.derived[%d]", path, i)
		if !isName(d.Key) || reserved[d.Key] || r.FieldIndex(d.Key) >= 0 {
			k.errf(dp+".key", "khóa giá trị tính %q phải là một tên mới viết thường không dấu (chữ, số, _)", d.Key)
		}
		d.Program = k.compile(dp+".expr", d.Expr, k.c.recordEnv(r))
		k.literals(dp+".expr", d.Expr, r, nil)
	}
	env := k.c.recordEnv(r)
	for i, ru := range r.Rules {
		rp := fmt.Sprintf("%s.rules[%d]", path, i)
		if ru.Check == "" {
			k.errf(rp, "quy tắc chưa có điều kiện (check)")
		}
		ru.Program = k.compile(rp+".check", ru.Check, env, expr.AsBool())
		ru.WhenProgram = k.compile(rp+".when", ru.When, env, expr.AsBool())
		k.literals(rp+".check", ru.Check, r, nil)
		k.literals(rp+".when", ru.When, r, nil)
		for _, name := range finding.Fields(ru.Message) {
			if r.FieldIndex(name) < 0 {
				k.errf(rp+".message", "{%s} trong thông báo: sổ %s không có cột này", name, r.Key)
			}
		}
		if ru.Field != "" && r.FieldIndex(ru.Field) < 0 {
			k.errf(rp+".field", "sổ %[2]s không có cột %[1]q", ru.Field, r.Key)
		}
		switch ru.Level {
		case "":
			ru.Level = "error"
		case "error", "warning":
		default:
			k.errf(rp+".level", "level phải là error hoặc warning")
		}
	}
}

func (k *checker) references(path string, r *Register) {
	for i, f := range r.Fields {
		for j, ref := range f.References {
			reg, field, ok := strings.Cut(ref, ".")
			rr := k.c.Register(reg)
			if !ok || rr == nil || rr.FieldIndex(field) < 0 {
				k.errf(fmt.Sprintf("%s.fields[%d].references[%d]", path, i, j), "tham chiếu %q không chỉ tới sổ.cột nào có", ref)
			}
		}
	}
}

// field checks that a record field or derived value exists in register r.
func (k *checker) field(path string, r *Register, key string) {
	if key == "" || r == nil {
		return
	}
	if r.FieldIndex(key) < 0 && !slices.ContainsFunc(r.Derived, func(d *Derived) bool { return d.Key == key }) {
		k.errf(path, "sổ %[2]s không có cột %[1]q", key, r.Key)
	}
}

var formats = []string{FormatInteger, FormatMoney, FormatDecimal, FormatPercent, FormatText}

func (k *checker) figures() {
	c := k.c
	k.unique("figures", len(c.Figures), func(i int) string { return c.Figures[i].Key })
	figEnv := map[string]any{"params": c.Params.Map()}
	for _, f := range c.Figures {
		figEnv[f.Key] = 0.0
	}
	for i, f := range c.Figures {
		p := fmt.Sprintf("figures[%d]", i)
		if !isName(f.Key) || reserved[f.Key] {
			k.errf(p+".key", "khóa chỉ tiêu %q phải là tên viết thường không dấu (chữ, số, _)", f.Key)
		}
		n := 0
		for _, set := range []bool{f.Count, f.Sum != "", f.Distinct != "", f.List != "", f.Expr != "", f.Numerator != "" || f.Denominator != ""} {
			if set {
				n++
			}
		}
		if n != 1 {
			k.errf(p, "chỉ tiêu %s phải có đúng một trong count, sum, distinct, list, expr, numerator/denominator", f.Key)
		}
		if f.Format == "" {
			f.Format = FormatInteger
			switch {
			case f.Numerator != "":
				f.Format = FormatPercent
			case f.List != "":
				f.Format = FormatText
			}
		}
		if !slices.Contains(formats, f.Format) {
			k.errf(p+".format", "định dạng %q không có; các định dạng: %s", f.Format, strings.Join(formats, ", "))
		}
		switch {
		case f.Expr != "":
			f.Program = k.compile(p+".expr", f.Expr, figEnv)
		case f.Numerator != "" || f.Denominator != "":
			for _, ref := range [][2]string{{"numerator", f.Numerator}, {"denominator", f.Denominator}} {
				if c.Figure(ref[1]) == nil {
					k.errf(p+"."+ref[0], "không có chỉ tiêu %q", ref[1])
				}
			}
		default:
			r := c.Register(f.Register)
			if r == nil {
				k.errf(p+".register", "không có sổ %q", f.Register)
				continue
			}
			k.field(p+".sum", r, f.Sum)
			k.field(p+".distinct", r, f.Distinct)
			k.field(p+".list", r, f.List)
			f.FilterProgram = k.compile(p+".filter", f.Filter, c.recordEnv(r), expr.AsBool())
			k.literals(p+".filter", f.Filter, r, nil)
		}
	}
	k.figureChecks()
	if cyc := figureCycle(c.Figures); cyc != "" {
		k.errf("figures", "các chỉ tiêu tính vòng tròn từ nhau: %s", cyc)
	}
}

func (k *checker) table(path string, t *Table) {
	c := k.c
	if !isName(t.Key) {
		k.errf(path+".key", "khóa biểu %q phải là tên viết thường không dấu (chữ, số, _)", t.Key)
	}
	if t.Sheet == "" {
		t.Sheet = t.Key
	}
	if len([]rune(t.Sheet)) > 31 {
		k.errf(path+".sheet", "tên trang tính %q dài quá 31 ký tự", t.Sheet)
	}
	switch t.Kind {
	case "summary":
		for i, f := range t.Figures {
			if c.Figure(f) == nil {
				k.errf(fmt.Sprintf("%s.figures[%d]", path, i), "không có chỉ tiêu %q", f)
			}
		}
		return
	case "", "grid":
		t.Kind = "grid"
	default:
		k.errf(path+".kind", "kind phải là grid hoặc summary")
		return
	}
	r := c.Register(t.Register)
	if r == nil {
		k.errf(path+".register", "không có sổ %q", t.Register)
		return
	}
	if (t.GroupBy == "") == (len(t.Rows) == 0) {
		k.errf(path, "biểu %s cần group_by hoặc rows (một trong hai)", t.Key)
	}
	k.field(path+".group_by", r, t.GroupBy)
	if t.AllValues {
		if f := r.Field(t.GroupBy); f == nil || f.Type != Enum {
			k.errf(path+".all_values", "all_values cần group_by là một cột kiểu enum")
		}
	}
	env := c.recordEnv(r)
	t.FilterProgram = k.compile(path+".filter", t.Filter, env, expr.AsBool())
	k.literals(path+".filter", t.Filter, r, nil)
	rowEnv := map[string]any{}
	for _, row := range t.Rows {
		for key, v := range row.Let {
			rowEnv[key] = v
		}
	}
	env["row"] = rowEnv
	colEnv := map[string]any{"params": c.Params.Map()}
	for _, col := range t.Columns {
		colEnv[col.Key] = 0.0
	}
	k.unique(path+".columns", len(t.Columns), func(i int) string { return t.Columns[i].Key })
	for i, col := range t.Columns {
		p := fmt.Sprintf("%s.columns[%d]", path, i)
		if !isName(col.Key) {
			k.errf(p+".key", "khóa cột của biểu %q phải là tên viết thường không dấu (chữ, số, _)", col.Key)
		}
		n := 0
		for _, set := range []bool{col.Count, col.Sum != "", col.Distinct != "", col.List != "", col.Expr != ""} {
			if set {
				n++
			}
		}
		if n != 1 {
			k.errf(p, "cột %s của biểu phải có đúng một trong count, sum, distinct, list, expr", col.Key)
		}
		k.field(p+".sum", r, col.Sum)
		k.field(p+".distinct", r, col.Distinct)
		k.field(p+".list", r, col.List)
		if col.Format == "" {
			col.Format = FormatInteger
			if col.List != "" {
				col.Format = FormatText
			}
		}
		if !slices.Contains(formats, col.Format) {
			k.errf(p+".format", "định dạng %q không có; các định dạng: %s", col.Format, strings.Join(formats, ", "))
		}
		if col.Expr != "" {
			col.Program = k.compile(p+".expr", col.Expr, colEnv)
		}
		col.FilterProgram = k.compile(p+".filter", col.Filter, env, expr.AsBool())
		k.literals(p+".filter", col.Filter, r, t)
		k.rowNames(path, p+".filter", t, col.FilterProgram)
	}
	if t.Chart != nil && !slices.ContainsFunc(t.Columns, func(col *Column) bool { return col.Key == t.Chart.Column }) {
		k.errf(path+".chart.column", "biểu %[2]s không có cột %[1]q", t.Chart.Column, t.Key)
	}
}

// rowNames checks that every row.NAME a column filter uses is given by
// every listed row: a missing one would quietly count nothing.
func (k *checker) rowNames(tablePath, path string, t *Table, p *vm.Program) {
	if p == nil {
		return
	}
	var v rowVisitor
	node := p.Node()
	ast.Walk(&node, &v)
	for _, name := range v.names {
		if len(t.Rows) == 0 {
			k.errf(path, "điều kiện dùng row.%s nhưng biểu %s không liệt kê dòng nào (rows)", name, t.Key)
			continue
		}
		for i, r := range t.Rows {
			if _, ok := r.Let[name]; !ok {
				k.errf(fmt.Sprintf("%s.rows[%d]", tablePath, i), "dòng %q chưa đặt %s mà điều kiện của một cột dùng tới (let)", r.Label, name)
			}
		}
	}
}

type rowVisitor struct{ names []string }

func (v *rowVisitor) Visit(n *ast.Node) {
	m, ok := (*n).(*ast.MemberNode)
	if !ok {
		return
	}
	id, ok := m.Node.(*ast.IdentifierNode)
	s, ok2 := m.Property.(*ast.StringNode)
	if ok && ok2 && id.Value == "row" && !slices.Contains(v.names, s.Value) {
		v.names = append(v.names, s.Value)
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// Reads lists, by index (the fields, then the derived values), the names
// of the register's records that programs read; every index when one
// reads the environment whole ($env) or cannot be looked into. A nil
// program (no filter) reads nothing. Reading and the figures load only
// these into an expression's environment: loading every field for every
// record was half of deriving (bench/read).
func (r *Register) Reads(programs ...*vm.Program) []int {
	used := map[string]bool{}
	whole := false
	for _, p := range programs {
		if p == nil {
			continue
		}
		if p.Node() == nil {
			whole = true
			continue
		}
		for _, n := range names(p) {
			used[n] = true
			whole = whole || n == "$env"
		}
	}
	out := []int{}
	for i, f := range r.Fields {
		if whole || used[f.Key] {
			out = append(out, i)
		}
	}
	for i, d := range r.Derived {
		if whole || used[d.Key] {
			out = append(out, len(r.Fields)+i)
		}
	}
	return out
}

// names returns the identifiers an expression uses.
func names(p *vm.Program) []string {
	if p == nil {
		return nil
	}
	var v identVisitor
	node := p.Node()
	ast.Walk(&node, &v)
	return v.names
}

type identVisitor struct{ names []string }

func (v *identVisitor) Visit(n *ast.Node) {
	if id, ok := (*n).(*ast.IdentifierNode); ok {
		v.names = append(v.names, id.Value)
	}
}

// figureCycle sets each figure's Deps and returns a description of a
// circular dependency, or "".
func figureCycle(figs []*Figure) string {
	keys := map[string]*Figure{}
	for _, f := range figs {
		keys[f.Key] = f
	}
	for _, f := range figs {
		f.Deps = nil
		cand := names(f.Program)
		if f.Numerator != "" {
			cand = append(cand, f.Numerator, f.Denominator)
		}
		for _, n := range cand {
			if _, ok := keys[n]; ok && !slices.Contains(f.Deps, n) {
				f.Deps = append(f.Deps, n)
			}
		}
	}
	state := map[string]int{} // 1 visiting, 2 done
	var path []string
	var visit func(k string) bool
	visit = func(k string) bool {
		switch state[k] {
		case 1:
			path = append(path, k)
			return true
		case 2:
			return false
		}
		state[k] = 1
		path = append(path, k)
		for _, d := range keys[k].Deps {
			if visit(d) {
				return true
			}
		}
		path = path[:len(path)-1]
		state[k] = 2
		return false
	}
	for _, f := range figs {
		if visit(f.Key) {
			return strings.Join(path, " → ")
		}
	}
	return ""
}

// regexp compiles a pattern of the configuration, case ignored as clerks
// type headings in capitals or not; nil after reporting a mistake.
func (k *checker) regexp(path, p string) *regexp.Regexp {
	if p == "" {
		k.errf(path, "mẫu (pattern) trống")
		return nil
	}
	re, err := regexp.Compile("(?i)" + p)
	if err != nil {
		k.errf(path, "mẫu (pattern) sai: %v", err)
		return nil
	}
	return re
}

// layouts checks the other ways a field may be held (sections, title,
// split columns, mark columns, an age column).
func (k *checker) layouts(path string, r *Register, f *Field) {
	for _, l := range []struct {
		name string
		list []*Capture
	}{{"sections", f.Sections}, {"from_title", f.FromTitle}} {
		name := l.name
		for i, c := range l.list {
			cp := fmt.Sprintf("%s.%s[%d]", path, name, i)
			if c == nil {
				k.errf(cp, "mục trống trong %s", name)
				continue
			}
			c.RE = k.regexp(cp+".pattern", c.Pattern)
			if f.Type == Enum && c.Value != "" && !strings.Contains(c.Value, "$") && !slices.Contains(f.Values, c.Value) {
				k.errf(cp+".value", "%q không phải là một giá trị của cột %s: có phải là %q?", c.Value, f.Key, vn.Closest(c.Value, f.Values))
			}
		}
	}
	if f.SplitBy != "" {
		by := r.Field(f.SplitBy)
		switch {
		case by == nil:
			k.errf(path+".split_by", "sổ %[2]s không có cột %[1]q", f.SplitBy, r.Key)
		case by.Type != Enum || by == f:
			k.errf(path+".split_by", "split_by cần một cột kiểu enum khác, không phải %s", f.SplitBy)
		}
	}
	if f.Marks && f.Type != Enum {
		k.errf(path+".marks", "chỉ cột kiểu enum mới viết được thành các cột đánh dấu (marks)")
	}
	if len(f.Age) > 0 && f.Type != Date && f.Type != YearOrDate {
		k.errf(path+".age", "cột tuổi (age) chỉ thay cho một cột kiểu date hoặc year_or_date")
	}
	for i, h := range f.Age {
		if strings.TrimSpace(h) == "" {
			k.errf(fmt.Sprintf("%s.age[%d]", path, i), "tiêu đề trống trong age")
		}
	}
}

func (k *checker) members(path string, r *Register) {
	m := r.Members
	if m == nil {
		return
	}
	if f := r.Field(m.Key); f == nil {
		k.errf(path+".members.key", "sổ %[2]s không có cột %[1]q", m.Key, r.Key)
	}
	if m.Count != "" {
		if f := r.Field(m.Count); f == nil || f.Type != Integer {
			k.errf(path+".members.count", "members.count cần một cột kiểu integer của sổ %s, không phải %q", r.Key, m.Count)
		}
	}
}

func (k *checker) ended(path string, r *Register) {
	e := r.Ended
	if e == nil {
		return
	}
	if f := r.Field(e.Field); f == nil || (f.Type != Date && f.Type != YearOrDate) {
		k.errf(path+".ended.field", "ended.field cần một cột kiểu date của sổ %s, không phải %q", r.Key, e.Field)
	}
	if len(e.Patterns) > 0 && len(e.Notes) == 0 {
		k.errf(path+".ended.notes", "ended.patterns cần tiêu đề cột ghi chú trong ended.notes")
	}
	if len(e.Patterns) == 0 && !e.Struck {
		k.errf(path+".ended", "ended cần patterns, struck: true, hoặc cả hai")
	}
	for i, p := range e.Patterns {
		if strings.TrimSpace(p) == "" {
			k.errf(fmt.Sprintf("%s.ended.patterns[%d]", path, i), "mẫu (pattern) trống")
		}
	}
}

// figureChecks fills the defaults of figure_checks and checks each
// figure's own: the figures they name exist and hold numbers.
func (k *checker) figureChecks() {
	c := k.c
	def := func(p **float64, v float64) {
		if *p == nil {
			*p = &v
		}
	}
	def(&c.Checks.Jump, 0.5)
	def(&c.Checks.JumpFrom, 10)
	if *c.Checks.Jump < 0 {
		k.errf("figure_checks.jump", "figure_checks.jump là tỷ lệ thay đổi cho phép so với năm trước (0,5 là 50%%), không được âm")
	}
	number := func(path, key string) {
		if key == "" {
			return
		}
		if g := c.Figure(key); g == nil {
			k.errf(path, "không có chỉ tiêu %q", key)
		} else if g.Format == FormatText {
			k.errf(path, "chỉ tiêu %q là một danh sách, không phải một số", key)
		}
	}
	for i, f := range c.Figures {
		p := fmt.Sprintf("figures[%d]", i)
		if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
			k.errf(p+".min", "min (%v) lớn hơn max (%v)", *f.Min, *f.Max)
		}
		if f.Jump != nil && *f.Jump < 0 {
			k.errf(p+".jump", "jump là tỷ lệ thay đổi cho phép so với năm trước (0,5 là 50%%), không được âm")
		}
		number(p+".members", f.Members)
		if b := f.Balance; b != nil {
			if b.Start == "" || b.In == "" || b.Out == "" {
				k.errf(p+".balance", "balance cần đủ ba chỉ tiêu start, in và out")
			}
			number(p+".balance.start", b.Start)
			number(p+".balance.in", b.In)
			number(p+".balance.out", b.Out)
		}
	}
}

func statErr(path string) error {
	_, err := os.Stat(path)
	return err
}

// UnitData is what the document's furniture sees as a template: a shared
// configuration writes "{{upper .Unit.Kind}} {{upper .Unit.Name}}" where
// a ward's own wrote its name.
type UnitData struct {
	Unit           Unit
	Year, NextYear int
}

// UnitFuncs are the functions of the furniture's and the body's templates
// that speak of the unit.
var UnitFuncs = template.FuncMap{"upper": strings.ToUpper}

// unitText fills the unit into the document's furniture: issuer, place,
// subject, title, Kính gửi, Nơi nhận and the signer. A template naming a
// part of the unit the configuration leaves blank is a mistake at its
// place: a report headed "ỦY BAN NHÂN DÂN / PHƯỜNG" would go out unnoticed.
func (k *checker) unitText(d *Document) {
	data := UnitData{Unit: k.c.Unit, Year: k.c.Year, NextYear: k.c.Year + 1}
	fill := func(path string, s *string) {
		if !strings.Contains(*s, "{{") {
			return
		}
		if f := MissingUnit(*s, k.c.Unit); f != "" {
			k.errf(path, "%s dùng unit.%s nhưng cấu hình chưa ghi unit.%s", path, f, f)
			return
		}
		t, err := template.New(path).Funcs(UnitFuncs).Option("missingkey=error").Parse(*s)
		if err != nil {
			k.errf(path, "%s: %v", path, err)
			return
		}
		var b strings.Builder
		if err := t.Execute(&b, data); err != nil {
			k.errf(path, "%s: %v", path, err)
			return
		}
		*s = b.String()
	}
	list := func(path string, l []string) {
		for i := range l {
			fill(fmt.Sprintf("%s[%d]", path, i), &l[i])
		}
	}
	list("document.issuer", d.Issuer)
	fill("document.place", &d.Place)
	fill("document.subject", &d.Subject)
	fill("document.title", &d.Title)
	list("document.to", d.To)
	list("document.recipients", d.Recipients)
	fill("document.signer.authority", &d.Signer.Authority)
	fill("document.signer.title", &d.Signer.Title)
	fill("document.signer.name", &d.Signer.Name)
}

// MissingUnit is the key of the first part of the unit the template src
// names that u leaves blank, or "".
func MissingUnit(src string, u Unit) string {
	for _, f := range unitFields {
		if strings.Contains(src, ".Unit."+f.name) && f.get(u) == "" {
			return strings.ToLower(f.name)
		}
	}
	return ""
}

var unitFields = []struct {
	name string
	get  func(Unit) string
}{
	{"Code", func(u Unit) string { return u.Code }},
	{"Name", func(u Unit) string { return u.Name }},
	{"Kind", func(u Unit) string { return u.Kind }},
	{"District", func(u Unit) string { return u.District }},
	{"Province", func(u Unit) string { return u.Province }},
}
