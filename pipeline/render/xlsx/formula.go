package xlsx

import (
	"strconv"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
)

// refs gives the cell a table column's key names on the formula's row
// (cell), and the cell that holds a configuration param (param); ok is
// false for a name the formula cannot refer to.
type refs struct {
	cell  func(key string) (ref string, col int, ok bool)
	param func(key string) (ref string, ok bool)
}

// formula writes src, an expression column of the configuration, as an
// Excel formula over the row's cells: numbers, + - * /, parentheses,
// the row's other columns and params. A sum of consecutive columns in
// their order is SUM(first:last), as the column totals are. ok is false
// for anything else: the cell then holds its value alone.
func formula(src string, r refs) (string, bool) {
	tree, err := parser.Parse(src)
	if err != nil {
		return "", false
	}
	if s, ok := sumRange(tree.Node, r); ok {
		return s, true
	}
	var b strings.Builder
	if !write(&b, tree.Node, r, 0) {
		return "", false
	}
	return b.String(), true
}

// paramsOf lists the params src names, in the order it names them.
func paramsOf(src string) []string {
	var keys []string
	formula(src, refs{
		cell: func(string) (string, int, bool) { return "A1", 1, true },
		param: func(k string) (string, bool) {
			keys = append(keys, k)
			return "A1", true
		},
	})
	return keys
}

var precedence = map[string]int{"+": 1, "-": 1, "*": 2, "/": 2}

// write writes n; outer is the precedence of the operator n is an operand
// of, and n is parenthesised when it binds less tightly.
func write(b *strings.Builder, n ast.Node, r refs, outer int) bool {
	switch n := n.(type) {
	case *ast.IntegerNode:
		b.WriteString(strconv.Itoa(n.Value))
	case *ast.FloatNode:
		b.WriteString(strconv.FormatFloat(n.Value, 'f', -1, 64))
	case *ast.IdentifierNode:
		ref, _, ok := r.cell(n.Value)
		if !ok {
			return false
		}
		b.WriteString(ref)
	case *ast.MemberNode:
		id, ok1 := n.Node.(*ast.IdentifierNode)
		prop, ok2 := n.Property.(*ast.StringNode)
		if !ok1 || !ok2 || id.Value != "params" {
			return false
		}
		ref, ok := r.param(prop.Value)
		if !ok {
			return false
		}
		b.WriteString(ref)
	case *ast.UnaryNode:
		if n.Operator != "-" && n.Operator != "+" {
			return false
		}
		b.WriteString(n.Operator)
		return write(b, n.Node, r, 3)
	case *ast.BinaryNode:
		p, ok := precedence[n.Operator]
		if !ok {
			return false
		}
		if p < outer {
			b.WriteByte('(')
		}
		if !write(b, n.Left, r, p) {
			return false
		}
		b.WriteString(n.Operator)
		// a - (b - c), a / (b * c): the right operand of - and / at the
		// same level keeps its parentheses
		right := p
		if n.Operator == "-" || n.Operator == "/" {
			right = p + 1
		}
		if !write(b, n.Right, r, right) {
			return false
		}
		if p < outer {
			b.WriteByte(')')
		}
	default:
		return false
	}
	return true
}

// sumRange writes a + b + c … over columns that stand side by side in
// that order as SUM(a:c).
func sumRange(n ast.Node, r refs) (string, bool) {
	var ids []string
	var walk func(ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryNode:
			return n.Operator == "+" && walk(n.Left) && walk(n.Right)
		case *ast.IdentifierNode:
			ids = append(ids, n.Value)
			return true
		}
		return false
	}
	if !walk(n) || len(ids) < 2 {
		return "", false
	}
	var first, last string
	prev := 0
	for i, id := range ids {
		ref, col, ok := r.cell(id)
		if !ok || (i > 0 && col != prev+1) {
			return "", false
		}
		if i == 0 {
			first = ref
		}
		last, prev = ref, col
	}
	return "SUM(" + first + ":" + last + ")", true
}
