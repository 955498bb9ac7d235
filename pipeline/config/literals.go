package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"

	"asxh/pipeline/vn"
)

// literals checks an expression over register r against the register's
// enums: every text a field of type enum is compared with (==, !=, in)
// must be one of its values, or the filter counts nothing in silence
// (dau_nam == "Ngheo" is never true). A comparison with row.NAME checks
// the value each of table t's rows gives NAME. The source is parsed
// again, unoptimised: the compiled program folds "x in [...]" away.
func (k *checker) literals(path, src string, r *Register, t *Table) {
	if src == "" || r == nil {
		return
	}
	tree, err := parser.Parse(src)
	if err != nil {
		return // already reported by compile
	}
	v := &literalVisitor{r: r}
	ast.Walk(&tree.Node, v)
	for _, u := range v.found {
		f := r.Field(u.field)
		if u.row != "" {
			if t == nil {
				continue
			}
			for i, row := range t.Rows {
				val, ok := row.Let[u.row]
				s, isText := val.(string)
				if !ok || !isText || slices.Contains(f.Values, s) {
					continue
				}
				k.errf(fmt.Sprintf("%s.rows[%d].let.%s", tableOf(path), i, u.row), "%s", notAValue(s, f))
			}
			continue
		}
		if slices.Contains(f.Values, u.text) {
			continue
		}
		k.errAt(path, u.at, notAValue(u.text, f))
	}
}

// notAValue says that s is not a value of enum f, with the value it
// most likely meant.
func notAValue(s string, f *Field) string {
	return fmt.Sprintf("%q không phải là một giá trị của cột %q (%s: %s): có phải là %q?",
		s, f.Header, f.Key, quoteAll(f.Values), vn.Closest(s, f.Values))
}

func quoteAll(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

// tableOf is the path of the table a column filter's path is under:
// "tables[3]" of "tables[3].columns[0].filter".
func tableOf(path string) string {
	if i := strings.Index(path, ".columns["); i >= 0 {
		return path[:i]
	}
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return path
}

// use is one text an enum field is compared with: a literal at rune
// offset at of the expression, or row.NAME.
type use struct {
	field string
	text  string
	at    int
	row   string
}

type literalVisitor struct {
	r     *Register
	found []use
}

func (v *literalVisitor) Visit(n *ast.Node) {
	b, ok := (*n).(*ast.BinaryNode)
	if !ok {
		return
	}
	switch b.Operator {
	case "==", "!=":
		v.compare(b.Left, b.Right)
		v.compare(b.Right, b.Left)
	case "in", "not in":
		if field := v.enum(b.Left); field != "" {
			if arr, ok := b.Right.(*ast.ArrayNode); ok {
				for _, e := range arr.Nodes {
					v.compare(b.Left, e)
				}
			}
		}
	}
}

// compare records other when side is an enum field and other a text
// literal or row.NAME.
func (v *literalVisitor) compare(side, other ast.Node) {
	field := v.enum(side)
	if field == "" {
		return
	}
	switch o := other.(type) {
	case *ast.StringNode:
		v.found = append(v.found, use{field: field, text: o.Value, at: o.Location().From})
	case *ast.MemberNode:
		id, ok := o.Node.(*ast.IdentifierNode)
		prop, ok2 := o.Property.(*ast.StringNode)
		if ok && ok2 && id.Value == "row" {
			v.found = append(v.found, use{field: field, row: prop.Value})
		}
	}
}

// enum returns the key of the enum field n names, or "".
func (v *literalVisitor) enum(n ast.Node) string {
	id, ok := n.(*ast.IdentifierNode)
	if !ok {
		return ""
	}
	if f := v.r.Field(id.Value); f != nil && f.Type == Enum && len(f.Values) > 0 {
		return f.Key
	}
	return ""
}
