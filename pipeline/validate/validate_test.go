package validate

import (
	"strings"
	"testing"

	"asxh/internal/testkit"
	"asxh/pipeline/finding"
	"asxh/pipeline/record"
)

const cfgSrc = "year: 2020\n" + testkit.Document + `params: [{key: rate, value: 350000}]
registers:
  - key: people
    title: People
    files: [people*]
    fields:
      - {key: id, header: ID, type: text, required: true, unique: true}
      - {key: name, header: Name, type: text, required: true}
      - {key: coef, header: Coef, type: decimal}
      - {key: pay, header: Pay, type: money, min: 0}
      - {key: card, header: Card, type: text, pattern: '^[A-Z]{2}[0-9]{3}$'}
    rules:
      - {check: coef == nil || pay == nil || pay == coef * params.rate, field: pay, message: pay must be coef × rate}
  - key: events
    title: Events
    files: [events*]
    fields:
      - {key: who, header: Who, type: text, references: [people.id]}
      - {key: kind, header: Kind, type: text}
      - {key: until, header: Until, type: date}
    unique: [[who, kind, until]]
`

func run(t *testing.T, people, events string) finding.List {
	t.Helper()
	c, dir := testkit.Config(t, cfgSrc)
	set, fs := testkit.Read(t, c, dir, map[string]string{"people.csv": people, "events.csv": events})
	return append(fs, Validate(c, set)...)
}

const peopleHead = "ID,Name,Coef,Pay,Card\n"
const eventsHead = "Who,Kind,Until\n"

func TestValidate(t *testing.T) {
	tests := []struct {
		name           string
		people, events string
		code, place    string // "" code: no finding
	}{
		{"clean", "P1,A,1.5,525000,AB123\n", "P1,gift,31/12/2021\n", "", ""},
		{"duplicate id", "P1,A,,,\nP1,B,,,\n", "", finding.Unique, "people.csv!A3"},
		{"duplicate id across case and space", "P1,A,,,\n p1 ,B,,,\n", "", finding.Unique, "people.csv!A3"},
		{"required blank", "P1,,,,\n", "", finding.Constraint, "people.csv!B2"},
		{"pattern", "P1,A,,,A1234\n", "", finding.Constraint, "people.csv!E2"},
		{"min", "P1,A,,-5,\n", "", finding.Constraint, "people.csv!D2"},
		{"rule", "P1,A,2,525000,\n", "", finding.RuleError, "people.csv!D2"},
		{"reference", "P1,A,,,\n", "P2,gift,\n", finding.ForeignKey, "events.csv!A2"},
		{"composite unique", "P1,A,,,\n", "P1,gift,31/12/2021\nP1,gift,31/12/2021\nP1,gift,31/12/2020\n", finding.Unique, "events.csv!A3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := run(t, peopleHead+tt.people, eventsHead+tt.events)
			if tt.code == "" {
				if len(fs) != 0 {
					t.Fatalf("findings on clean data: %v", fs)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("want one finding, got %v", fs)
			}
			f := fs[0]
			if f.Code != tt.code || !strings.HasPrefix(f.Place(), tt.place) {
				t.Errorf("got %s at %s, want %s at %s", f.Code, f.Place(), tt.code, tt.place)
			}
			if f.Cell != tt.place[strings.Index(tt.place, "!")+1:] || f.File != tt.place[:strings.Index(tt.place, "!")] {
				t.Errorf("got %s!%s, want %s", f.File, f.Cell, tt.place)
			}
			if f.Level != finding.Error || f.Message == "" {
				t.Errorf("finding %+v", f)
			}
		})
	}
}

func TestValidateCollectsAll(t *testing.T) {
	fs := run(t, peopleHead+"P1,,,-1,x\nP1,B,2,1,\n", eventsHead+"P9,a,\n")
	if n := fs.Count(finding.Error); n < 5 {
		t.Errorf("%d errors, want every one of at least 5: %v", n, fs)
	}
}

const aidCfg = "year: 2020\n" + testkit.Document + `params: [{key: rate, value: 350000}]
registers:
  - key: aid
    title: Aid
    files: [aid*]
    fields:
      - {key: id, header: ID, type: text, required: true, unique: true}
      - {key: coef, header: Coef, type: decimal, required: true}
      - {key: pay, header: Pay, type: money, required: true}
      - {key: note, header: Note, type: text}
      - {key: card, header: Card, type: text, unique: true, pattern: '^[A-Z]{2}[0-9]{3}$'}
    derived:
      - {key: total, expr: 'pay * 12'}
    rules:
      - {check: pay == coef * params.rate, field: pay, message: pay must be coef × rate}
      - {check: total > 0, field: pay, message: total must be positive}
      - {check: int(note) >= 0, when: note != "", field: note, message: note is a count}
      - {check: 'true', when: 'note != "" && int(note) > 100', field: note, message: unreachable}
`

// TestRuleOutcomes: a rule that fails at run time is a finding at its
// record; a value that did not read gives one finding, not a second one
// from a rule over it.
func TestRuleOutcomes(t *testing.T) {
	tests := []struct {
		name  string
		rows  string
		codes []string // the findings' codes at their cells, in order
	}{
		{"clean", "A1,1,350000,,\n", nil},
		{"rule does not hold", "A1,2,350000,,\n", []string{"rule-error C2"}},
		{"unreadable money: one finding", "A1,1,1.050 triệu,,\n", []string{"type-error C2"}},
		{"money too large: one finding", "A1,1,1e30,,\n", []string{"type-error C2"}},
		{"unreadable coefficient: one finding", "A1,hai,350000,,\n", []string{"type-error B2"}},
		{"blank required: one finding", "A1,1,,,\n", []string{"constraint-error C2"}},
		{"rule fails at run time", "A1,1,350000,mười,\n", []string{"rule-error D2", "rule-error D2"}},
		{"codes typed with spaces are one code", "A1,1,350000,,AB 123\nA2,1,350000,,AB123\n", []string{"value-read E2", "unique-error E3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, dir := testkit.Config(t, aidCfg)
			set, fs := testkit.Read(t, c, dir, map[string]string{"aid.csv": "ID,Coef,Pay,Note,Card\n" + tt.rows})
			fs = append(fs, Validate(c, set)...)
			var got []string
			for _, f := range fs.Sorted() {
				got = append(got, f.Code+" "+f.Cell)
				if f.Code == finding.RuleError && (!strings.Contains(f.Message, "mười") && !strings.Contains(f.Message, "must")) {
					t.Errorf("rule finding does not name the value: %+v", f)
				}
				if f.Row == 0 || f.File == "" {
					t.Errorf("finding without place: %+v", f)
				}
			}
			if strings.Join(got, "; ") != strings.Join(tt.codes, "; ") {
				t.Errorf("findings %v, want %v\n%v", got, tt.codes, fs)
			}
		})
	}
}

// TestMissingColumnOnce: a required column missing from the header is one
// finding at the header, not one more on every row.
func TestMissingColumnOnce(t *testing.T) {
	fs := run(t, "ID,Coef,Pay,Card\nP1,,,\nP2,,,\nP3,,,\n", eventsHead)
	if len(fs) != 1 || fs[0].Code != finding.MissingLabel || fs[0].Row != 1 {
		t.Errorf("findings %v, want one missing-label at row 1", fs)
	}
}

// TestDuplicateNamesBoth: a duplicate key names both rows, the person on
// each (Mã, Họ tên), and the first by file, sheet and cell.
func TestDuplicateNamesBoth(t *testing.T) {
	fs := run(t, peopleHead+"P1,Lê Văn An,,,\nP2,Trần Bình,,,\nP1,Nguyễn Thị Cúc,,,\n", eventsHead)
	if len(fs) != 1 || fs[0].Code != finding.Unique {
		t.Fatalf("want one unique-error, got %v", fs)
	}
	for _, want := range []string{`"P1"`, "dòng 4", "P1, Nguyễn Thị Cúc", "people.csv!A2", "P1, Lê Văn An"} {
		if !strings.Contains(fs[0].Message, want) {
			t.Errorf("message %q lacks %q", fs[0].Message, want)
		}
	}
	if fs[0].Rule != "không được trùng trong sổ" {
		t.Errorf("rule %q, want it in words", fs[0].Rule)
	}
	p := place{sheet: &record.Sheet{File: "bao-tro-xa-hoi.xlsx", Sheet: "DS", Columns: []int{2}}, row: 4}
	if got := p.ref(0); got != "bao-tro-xa-hoi.xlsx!DS!B4" {
		t.Errorf("ref = %q, want the sheet in it", got)
	}
}

// TestRuleShowsValues: a rule that does not hold shows the values it
// compared, in the message's own words when it names them.
func TestRuleShowsValues(t *testing.T) {
	fs := run(t, peopleHead+"P1,A,2,525000,\n", eventsHead)
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "pay must be coef × rate (Coef: 2; Pay: 525000)") {
		t.Errorf("want the values compared, got %v", fs)
	}
	src := strings.Replace(cfgSrc, "message: pay must be coef × rate}", `message: "Pay ({pay}) is not Coef ({coef}) × rate"}`, 1)
	c, dir := testkit.Config(t, src)
	set, _ := testkit.Read(t, c, dir, map[string]string{"people.csv": peopleHead + "P1,A,2,525000,\n", "events.csv": eventsHead})
	fs = Validate(c, set)
	if len(fs) != 1 || fs[0].Message != "Pay (525000) is not Coef (2) × rate" || fs[0].Rule != "Pay ({pay}) is not Coef ({coef}) × rate" {
		t.Errorf("want the values in the message's places, got %v", fs)
	}
}

// TestFollowOnSummarised: references to a register whose file could not
// be read are one finding for the column, not one per row.
func TestFollowOnSummarised(t *testing.T) {
	c, dir := testkit.Config(t, cfgSrc)
	set, _ := testkit.Read(t, c, dir, map[string]string{"events.csv": eventsHead + "P1,a,\nP2,b,\nP3,c,\n"})
	x := New(c)
	for range x.Check(set.All(c)) {
	}
	x.Unread(finding.List{{Code: finding.FileError, Level: finding.Error, Register: "people", File: "people.xlsx"}})
	fs := x.Findings()
	if len(fs) != 1 || fs[0].Code != finding.ForeignKey || fs[0].Level != finding.Warning ||
		!strings.Contains(fs[0].Message, `3 mã của cột "Who" không tìm thấy vì sổ "People" không đọc được (dòng 2, 3, 4)`) || fs[0].File != "events.csv" {
		t.Errorf("want one summary, got %v", fs)
	}
	// without the cause, each is its own error
	x = New(c)
	for range x.Check(set.All(c)) {
	}
	if fs := x.Findings(); fs.Count(finding.Error) != 3 {
		t.Errorf("want 3 errors, got %v", fs)
	}
}
