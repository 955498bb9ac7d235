package source

import (
	"fmt"
	"slices"
	"strings"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/record"
	"asxh/pipeline/vn"
)

// Overlap watches a register kept in several files (split by tổ, say) for
// records of a later file whose unique key an earlier file already gave:
// two versions of one register side by side. It says so once per pair of
// files — one error naming both, not one per row — and withholds those
// records, so neither the per-row uniqueness check nor the figures see
// them twice. Keys inside one file are the validator's business.
type Overlap struct {
	c     *config.Config
	multi map[string]bool      // registers with more than one file
	seen  map[string]keySeen   // register → unique check → key → file
	pairs map[[2]string]*pairs // (earlier file, later file) → what they share
	order [][2]string
}

type keySeen []map[string]string

type pairs struct {
	reg        *config.Register
	n          int
	row        int
	sheet, raw string
	field      string
}

// NewOverlap watches the registers of files that have more than one.
func NewOverlap(c *config.Config, files []File) *Overlap {
	o := &Overlap{c: c, multi: map[string]bool{}, seen: map[string]keySeen{}, pairs: map[[2]string]*pairs{}}
	count := map[string]int{}
	for _, f := range files {
		count[f.Register]++
	}
	for reg, n := range count {
		o.multi[reg] = n > 1
	}
	return o
}

// uniqueChecks lists a register's unique checks: each unique field alone,
// then each set of fields unique together, as field indexes.
func uniqueChecks(reg *config.Register) [][]int {
	var checks [][]int
	for i, f := range reg.Fields {
		if f.Unique {
			checks = append(checks, []int{i})
		}
	}
	for _, u := range reg.Unique {
		var idx []int
		for _, k := range u {
			idx = append(idx, reg.FieldIndex(k))
		}
		checks = append(checks, idx)
	}
	return checks
}

// Filter passes the stream on without the records an earlier file of
// their register already gave.
func (o *Overlap) Filter(in record.Stream) record.Stream {
	return func(yield func(*config.Register, *record.Record) bool) {
		for reg, rec := range in {
			if o.multi[reg.Key] && o.shared(reg, rec) {
				continue
			}
			if !yield(reg, rec) {
				return
			}
		}
	}
}

// shared reports whether rec's key was given by another file, noting the
// pair; a record kept adds its keys.
func (o *Overlap) shared(reg *config.Register, rec *record.Record) bool {
	checks := uniqueChecks(reg)
	if len(checks) == 0 {
		return false
	}
	seen := o.seen[reg.Key]
	if seen == nil {
		seen = make(keySeen, len(checks))
		for i := range seen {
			seen[i] = map[string]string{}
		}
		o.seen[reg.Key] = seen
	}
	keys := make([]string, len(checks))
	for i, idx := range checks {
		parts := make([]string, len(idx))
		for j, f := range idx {
			if f < 0 || f >= len(rec.Values) || rec.Values[f] == nil {
				parts = nil
				break
			}
			parts[j] = vn.Key(rec.Raw[f])
		}
		if parts == nil {
			continue // a blank is the required check's
		}
		keys[i] = strings.Join(parts, "\x00")
		if first, ok := seen[i][keys[i]]; ok && first != rec.Sheet.File {
			o.note(reg, first, rec, idx)
			return true
		}
	}
	for i, k := range keys {
		if k != "" {
			if _, ok := seen[i][k]; !ok {
				seen[i][k] = rec.Sheet.File
			}
		}
	}
	return false
}

func (o *Overlap) note(reg *config.Register, first string, rec *record.Record, idx []int) {
	k := [2]string{first, rec.Sheet.File}
	p := o.pairs[k]
	if p == nil {
		var hs []string
		for _, f := range idx {
			hs = append(hs, fmt.Sprintf("%q", reg.Fields[f].Header))
		}
		p = &pairs{reg: reg, row: rec.Row, sheet: rec.Sheet.Sheet, raw: rec.Raw[idx[0]], field: strings.Join(hs, ", ")}
		o.pairs[k] = p
		o.order = append(o.order, k)
	}
	p.n++
}

// Findings says, once per pair of files, what they share. Complete once
// the stream has been consumed.
func (o *Overlap) Findings() finding.List {
	var fs finding.List
	for _, k := range slices.Clone(o.order) {
		p := o.pairs[k]
		fs.Add(finding.Finding{Code: finding.DuplicateFile, Level: finding.Error, Register: p.reg.Key, File: k[1], Sheet: p.sheet, Row: p.row,
			Value: p.raw}.Say("", finding.Args{"tep": k[1], "so_dong": p.n, "tep_kia": k[0], "cot": p.field, "gia_tri": p.raw}))
	}
	return fs
}
