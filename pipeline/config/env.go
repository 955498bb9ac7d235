package config

import (
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// Expressions (filters, rules, derived values) are expr-lang expressions
// over one record. Their names:
//
//	FIELD         the record's value of a field or derived value; a blank
//	              date or number is nil, a blank text or enum is ""
//	report.year   the reporting year; report.start and report.end its first
//	              and last day
//	params.NAME   a configured constant
//	row.NAME      in a table column's filter, the listed row's value
//
// Figure expressions name other figures; table column expressions name the
// row's other columns.

// Globals returns the names every expression may use besides the record.
func (c *Config) Globals() map[string]any {
	return map[string]any{
		"report": map[string]any{"year": c.Year, "start": c.Start(), "end": c.End()},
		"params": c.Params.Map(),
	}
}

// sample returns a value of the Go type a field's values have, so that
// expressions are type-checked when the configuration loads.
func sample(typ string) any {
	switch typ {
	case Integer, Money:
		return 0
	case Decimal:
		return 0.0
	case Date, YearOrDate:
		return time.Time{}
	}
	return ""
}

// recordEnv is the type-checking environment of a register's expressions.
func (c *Config) recordEnv(r *Register) map[string]any {
	env := c.Globals()
	for _, f := range r.Fields {
		if f.Type != Ignored {
			env[f.Key] = sample(f.Type)
		}
	}
	for _, d := range r.Derived {
		if d.Program != nil {
			v, err := expr.Run(d.Program, env)
			if err != nil || v == nil {
				v = 0
			}
			env[d.Key] = v
		}
	}
	return env
}

// compile compiles src against env; "" compiles to nil.
func compile(src string, env map[string]any, opts ...expr.Option) (*vm.Program, error) {
	if src == "" {
		return nil, nil
	}
	return expr.Compile(src, append([]expr.Option{expr.Env(env)}, opts...)...)
}

// Reserved names cannot be field keys: expressions use them.
var reserved = map[string]bool{"report": true, "params": true, "row": true, "nil": true, "true": true, "false": true}
