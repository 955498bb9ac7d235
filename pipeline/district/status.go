package district

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"asxh/pipeline/figure"
	"asxh/pipeline/manifest"
	"asxh/pipeline/publish"
	"asxh/pipeline/render/xlsx"
)

//go:embed status.html
var statusHTML string

var statusTmpl = template.Must(template.New("status.html").Parse(statusHTML))

// IndexName is the status page in the district's output root.
const IndexName = "index.html"

// Row is one ward on the status page and in the workbook.
type Row struct {
	Name, Code string
	Run        string // when the last run started
	Status     string
	Flagged    bool
	Message    string // why it failed
	Errors     int
	Warnings   int
	ByRegister []Count
	Age        string // of the last final report: "12 ngày"; "" when none
	Final      string // when the last final report was published
	Links      []Link
}

// Link is a relative link to one of the ward's files.
type Link struct{ Text, Href string }

// Page is what the status page shows.
type Page struct {
	Title, District string
	Year            int
	Generated       string
	Rows            []Row
	Counts          map[string]int // wards per status
	Flagged         int
	Rollup          string // the district report's status
	RollupLinks     []Link
	Tables          []*figure.Table
	Notes           []string // the district report's notes on its figures: wards taken from an earlier report, wards left out
}

// rows are the wards, flagged first (failed, then errors), then by code.
func (n *Night) rows(now time.Time) []Row {
	var out []Row
	for _, w := range n.Wards {
		j := w.Job
		r := Row{Name: w.Config, Status: w.Status(), Flagged: w.Flagged(), Run: j.Started.Format("02/01/2006 15:04")}
		if c := j.Config; c != nil {
			r.Name, r.Code = c.Unit.FullName(), c.Unit.Code
		}
		if w.Err != nil {
			r.Message = strings.Join(strings.Fields(w.Err.Error()), " ")
			if len(r.Message) > 300 {
				r.Message = r.Message[:300] + "…"
			}
		}
		r.ByRegister = w.ByRegister()
		for _, c := range r.ByRegister {
			r.Errors += c.Errors
			r.Warnings += c.Warnings
		}
		if j.Unchanged && j.Manifest != nil {
			r.Errors, r.Warnings = j.Manifest.Findings.Errors, j.Manifest.Findings.Warnings
		}
		if j.OutDir != "" && j.Config != nil {
			r.Links, r.Age, r.Final = n.links(j.OutDir, j.Config.Document.Name, j.Config.Document.Findings, j.Config.Year, now)
		}
		out = append(out, r)
	}
	rank := func(r Row) int {
		switch r.Status {
		case Failed:
			return 0
		case Errors:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(out, func(a, b Row) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(a.Code, b.Code)
	})
	return out
}

// links are the ward's files that are there, relative to the district's
// root: the last final report, the findings and the marked copies; and
// the age of that report.
func (n *Night) links(dir, name, findings string, year int, now time.Time) (links []Link, age, final string) {
	y := strconv.Itoa(year)
	add := func(text, file string) {
		p := filepath.Join(dir, file)
		if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
			return
		}
		href, err := filepath.Rel(n.Root, p)
		if err != nil {
			href, _ = filepath.Abs(p)
		}
		links = append(links, Link{Text: text, Href: filepath.ToSlash(href)})
	}
	add("Báo cáo (PDF)", name+"-"+y+".pdf")
	add("Báo cáo (Word)", name+"-"+y+".docx")
	add("Kiểm tra dữ liệu", findings+"-"+y+".xlsx")
	marked, _ := filepath.Glob(filepath.Join(dir, "sua-loi", "*.xlsx"))
	slices.Sort(marked)
	for _, m := range marked {
		add("Sửa lỗi: "+filepath.Base(m), filepath.Join("sua-loi", filepath.Base(m)))
	}
	if m, _, err := manifest.ReadRawNamed(dir, manifest.FinalName); err == nil {
		if t, err := time.Parse(time.RFC3339, m.End); err == nil {
			final = t.Format("02/01/2006")
			days := int(math.Floor(now.Sub(t).Hours() / 24))
			age = fmt.Sprintf("%d ngày", max(days, 0))
		}
	}
	return links, age, final
}

// writeStatus writes index.html and the status workbook into the root,
// under the root's lock.
func (n *Night) writeStatus(now time.Time) error {
	c := n.Config
	p := Page{Title: "Tình trạng báo cáo an sinh xã hội", District: c.Unit.FullName(), Year: c.Year,
		Generated: now.Format("02/01/2006 15:04"), Rows: n.rows(now), Counts: map[string]int{}}
	for _, r := range p.Rows {
		p.Counts[r.Status]++
		if r.Flagged {
			p.Flagged++
		}
	}
	if j := n.Rollup; j != nil {
		p.Rollup = Published
		if n.RollupErr != nil {
			p.Rollup = Failed + ": " + strings.Join(strings.Fields(n.RollupErr.Error()), " ")
		}
		if j.Figures != nil {
			for _, t := range j.Figures.Tables {
				if t.Kind == "grid" { // a per-unit table: each ward's part
					p.Tables = append(p.Tables, t)
				}
			}
		}
		if j.Document != nil {
			p.Notes = j.Document.Appendix.Notes
		}
		if j.OutDir != "" && n.RollupErr == nil {
			p.RollupLinks, _, _ = n.links(j.OutDir, c.Document.Name, c.Document.Findings, c.Year, now)
		}
	}
	var page bytes.Buffer
	if err := statusTmpl.Execute(&page, p); err != nil {
		return err
	}
	book, err := workbook(p)
	if err != nil {
		return err
	}
	l, err := lockRoot(n.Root, now)
	if err != nil {
		return err
	}
	defer func() { _ = l.Release() }()
	return publish.Write(n.Root, []publish.File{{Name: IndexName, Data: page.Bytes()}, {Name: StatusBook(c.Status, c.Year), Data: book}})
}

// StatusBook is the status workbook's name: tinh-trang-2020.xlsx.
func StatusBook(stem string, year int) string { return fmt.Sprintf("%s-%d.xlsx", stem, year) }

// workbook is the page's table as a workbook.
func workbook(p Page) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Tình trạng"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	head := []any{"Mã", "Đơn vị", "Lần chạy", "Trạng thái", "Lỗi", "Cảnh báo", "Lỗi, cảnh báo theo sổ", "Báo cáo cuối", "Tuổi báo cáo", "Ghi chú"}
	f.SetCellValue(sheet, "A1", fmt.Sprintf("%s năm %d — %s", p.Title, p.Year, p.District))
	f.SetSheetRow(sheet, "A3", &head)
	for i, r := range p.Rows {
		var regs []string
		for _, c := range r.ByRegister {
			regs = append(regs, fmt.Sprintf("%s: %d lỗi, %d cảnh báo", c.Register, c.Errors, c.Warnings))
		}
		row := []any{r.Code, r.Name, r.Run, r.Status, r.Errors, r.Warnings, strings.Join(regs, "; "), r.Final, r.Age, r.Message}
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return nil, err
		}
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	f.SetCellStyle(sheet, "A3", "J3", bold)
	red, _ := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F8D7DA"}}})
	for i, r := range p.Rows {
		if r.Flagged {
			f.SetCellStyle(sheet, fmt.Sprintf("A%d", i+4), fmt.Sprintf("J%d", i+4), red)
		}
	}
	widths := []float64{8, 24, 17, 13, 9, 9, 60, 12, 12, 50}
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return nil, err
		}
	}
	f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"})
	if err := xlsx.PrintSetup(f, sheet, widths, 3, 3); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
