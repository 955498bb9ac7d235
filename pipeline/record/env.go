package record

import (
	"asxh/pipeline/config"
	"asxh/pipeline/vn"
)

// Env is the expression environment of one register's records: the names
// config documents (fields, derived values, report, params). It is reused
// from record to record, so it is not safe for concurrent use.
type Env struct {
	m      map[string]any
	keys   []string
	blanks []any // what a blank value is: "" for text, nil otherwise
}

// NewEnv returns the environment for records of register r.
func NewEnv(c *config.Config, r *config.Register) *Env {
	e := &Env{m: c.Globals()}
	for _, f := range r.Fields {
		e.keys = append(e.keys, f.Key)
		var blank any
		if f.Type == config.Text || f.Type == config.Enum {
			blank = ""
		}
		e.blanks = append(e.blanks, blank)
	}
	for _, d := range r.Derived {
		e.keys = append(e.keys, d.Key)
		e.blanks = append(e.blanks, nil)
	}
	return e
}

// Load puts rec's values into the environment and returns it.
func (e *Env) Load(rec *Record) map[string]any {
	for i := range e.keys {
		e.load(rec, i)
	}
	return e.m
}

// LoadUsed is Load for the names at uses alone (indexes of the fields,
// then the derived values), the first time every name: the others keep an
// earlier record's values, so they must be names no expression run on the
// environment reads. Loading every field of every record was a third of
// the figures' time.
func (e *Env) LoadUsed(rec *Record, uses []int, first bool) map[string]any {
	if first {
		return e.Load(rec)
	}
	for _, i := range uses {
		e.load(rec, i)
	}
	return e.m
}

// load puts rec's value of name i (a field, then a derived value) into
// the environment: its blank when it has none.
func (e *Env) load(rec *Record, i int) {
	v := e.blanks[i]
	if i < len(rec.Values) && rec.Values[i] != nil {
		v = Expr(rec.Values[i])
	}
	e.m[e.keys[i]] = v
}

// Set puts one name into the environment.
func (e *Env) Set(key string, v any) { e.m[key] = v }

// Expr returns v as expressions see it: dates as time.Time.
func Expr(v any) any {
	if d, ok := v.(vn.Date); ok {
		return d.Time
	}
	return v
}
