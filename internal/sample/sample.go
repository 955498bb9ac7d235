// Package sample writes a ward's seven registers as a clerk keeps them,
// deterministically, from the figures they must add up to. The default
// Targets reproduce the published 2020 summary of phường Cự Khối; tests
// use other Targets to show that nothing in the pipeline is hard-coded.
package sample

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"
)

// Group is a number of BTXH beneficiaries of one category and coefficient.
type Group struct {
	Dien string
	HeSo float64
	N    int
}

// Targets are the figures the registers add up to.
type Targets struct {
	Seed                 uint64
	Ward                 string // "phường Cự Khối"
	Year                 int
	Families, People     int
	Allowance            int      // people with a monthly allowance
	Gifts                []Count  // suất quà by occasion
	Checkups             int      // distinct people with a health check
	Resort               int      // điều dưỡng tập trung
	ResortPlace          string   //
	HomeCare             int      // điều dưỡng tại nhà
	HouseOwner           string   // the one new house
	Cards6290            int      // BHYT cấp đổi QĐ 62/290
	Renewals             int      // BHYT gia hạn người có công for next year
	BaseRate             int      // đồng per month
	BTXH                 []Group  // active at 31 December
	Ended                int      // BTXH cases ended during the year
	Longevity            []Count  // mừng thọ by age ("101" for over 100)
	Elderly              int      // other elderly, not at a milestone age
	PoorNK, NearPoorNK   []int    // nhân khẩu of each household at the start
	PoorEnd, NearPoorEnd []string // each household's class at the end
	NeverPoor            int      // households on the list but not poor
	Survey               []Count  // phiếu by need
	Children             int      // children helped with schooling
	Groups               int      // tổ dân phố
}

// Count is a number of something named.
type Count struct {
	Name string
	N    int
}

// CuKhoi2020 reproduces every figure of the ward's published 2020 summary.
func CuKhoi2020() Targets {
	return Targets{
		Seed: 2020, Ward: "phường Cự Khối", Year: 2020,
		Families: 171, People: 240, Allowance: 102,
		Gifts:    []Count{{"Tết Nguyên đán", 60}, {"27/7", 55}, {"2/9", 30}, {"10/10", 26}},
		Checkups: 98, Resort: 3, ResortPlace: "Thanh Bình, Hà Đông", HomeCare: 28, HouseOwner: "Hoàng Văn Khải",
		Cards6290: 45, Renewals: 456, BaseRate: 350000,
		BTXH: []Group{
			{"Người từ 80 tuổi trở lên không có lương hưu", 1.0, 130},
			{"Người khuyết tật nặng", 1.5, 40},
			{"Người khuyết tật nặng", 2.0, 2},
			{"Người khuyết tật đặc biệt nặng", 2.0, 21},
			{"Người khuyết tật đặc biệt nặng", 2.5, 6},
			{"Trẻ em mồ côi, bị bỏ rơi", 1.5, 4},
			{"Người đơn thân nghèo nuôi con", 1.0, 4},
			{"Người cao tuổi thuộc hộ nghèo", 1.5, 2},
			{"Người từ 16 đến 22 tuổi đang học", 1.0, 4},
			{"Người cao tuổi được nhận chăm sóc tại cộng đồng", 3.0, 1},
		},
		Ended:     18,
		Longevity: []Count{{"70", 40}, {"75", 28}, {"80", 16}, {"85", 10}, {"90", 5}, {"95", 2}, {"100", 0}, {"101", 1}},
		Elderly:   520,
		PoorNK:    []int{3, 3, 4, 2, 3}, PoorEnd: []string{"Cận nghèo", "Cận nghèo", "Không", "Không", "Không"},
		NearPoorNK:  []int{2, 2, 1, 2, 2, 1, 2, 2},
		NearPoorEnd: []string{"Cận nghèo", "Cận nghèo", "Không", "Không", "Không", "Không", "Không", "Không"},
		NeverPoor:   12,
		Survey:      []Count{{"Học nghề", 38}, {"Việc làm", 64}, {"Vay vốn", 22}, {"Chưa có nhu cầu", 48}},
		Children:    6, Groups: 12,
	}
}

// gen carries the random source and the names already used.
type gen struct {
	t    Targets
	r    *rand.Rand
	used map[string]bool
}

var (
	surnames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Phan", "Trịnh", "Đinh"}
	male     = []string{"Văn", "Đức", "Quang", "Hữu", "Minh", "Xuân", "Công"}
	female   = []string{"Thị", "Thu", "Ngọc", "Thanh", "Minh", "Kim"}
	given    = []string{"An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến", "Thủy", "Lộc", "Nhung", "Tùng", "Hiền", "Khánh", "Thắng", "Vinh"}
)

func (g *gen) name() (string, string) {
	for tries := 0; ; tries++ {
		sex := "Nam"
		mid := male[g.r.IntN(len(male))]
		if g.r.IntN(2) == 0 {
			sex, mid = "Nữ", female[g.r.IntN(len(female))]
		}
		n := surnames[g.r.IntN(len(surnames))] + " " + mid + " " + given[g.r.IntN(len(given))]
		if !g.used[n] && n != g.t.HouseOwner {
			g.used[n] = true
			return n, sex
		}
		if tries > 50 { // the pool of names is spent: a large synthetic ward
			n = fmt.Sprintf("%s %d", n, len(g.used))
			g.used[n] = true
			return n, sex
		}
	}
}

func (g *gen) group() string { return fmt.Sprintf("Tổ %d", 1+g.r.IntN(g.t.Groups)) }

func (g *gen) day(y int) time.Time {
	return time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.r.IntN(365))
}

// Write writes the seven registers into dir.
func Write(dir string, t Targets) error {
	for _, b := range books(t) {
		if err := b.save(filepath.Join(dir, b.file)); err != nil {
			return err
		}
	}
	return nil
}

// books makes the seven registers' contents.
func books(t Targets) []*book {
	g := &gen{t: t, r: rand.New(rand.NewPCG(t.Seed, 0x5eed)), used: map[string]bool{}}
	ncc := g.nguoiCoCong()
	poor := g.hoNgheo()
	btxh := g.baoTro()
	return []*book{ncc.book, g.hoatDong(ncc, poor), g.theBHYT(ncc, poor), btxh, g.nguoiCaoTuoi(), poor.book, g.khaoSat()}
}

// book is one register as a clerk lays it out.
type book struct {
	file, title string
	head        []string
	group       []string // a second header row: group cells merged over sub-headers
	rows        [][]any
	total       []any // a total row under the table
	sign        bool  // a signature block under the table
	widths      []float64
}

// streamRows is the size above which a register is written with
// excelize's stream writer, whose memory does not grow with the rows.
const streamRows = 20000

func (b *book) save(path string) error {
	if len(b.rows) > streamRows && b.group == nil {
		return b.saveStream(path)
	}
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	f.SetSheetName(sh, "DS")
	sh = "DS"
	cols := len(b.head)
	last, _ := excelize.ColumnNumberToName(cols)
	f.SetCellValue(sh, "A1", b.title)
	f.MergeCell(sh, "A1", last+"1")
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "Times New Roman", Size: 13}, Alignment: &excelize.Alignment{Horizontal: "center", WrapText: true, Vertical: "center"},
		Border: []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}})
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "Times New Roman", Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellStyle(sh, "A1", "A1", title)
	hr := 3
	if b.group != nil {
		// Row 3: group cells and the headers that span both rows; row 4: sub-headers.
		for i := range b.head {
			c1, _ := excelize.CoordinatesToCellName(i+1, 3)
			c2, _ := excelize.CoordinatesToCellName(i+1, 4)
			if b.group[i] == "" {
				f.SetCellValue(sh, c1, b.head[i])
				f.MergeCell(sh, c1, c2)
				continue
			}
			f.SetCellValue(sh, c2, b.head[i])
			if i == 0 || b.group[i-1] != b.group[i] {
				f.SetCellValue(sh, c1, b.group[i])
				j := i
				for j+1 < len(b.group) && b.group[j+1] == b.group[i] {
					j++
				}
				e, _ := excelize.CoordinatesToCellName(j+1, 3)
				f.MergeCell(sh, c1, e)
			}
		}
		hr = 4
		f.SetCellStyle(sh, "A3", fmt.Sprintf("%s4", last), bold)
	} else {
		f.SetSheetRow(sh, "A3", &b.head)
		f.SetCellStyle(sh, "A3", last+"3", bold)
	}
	for i, w := range b.widths {
		c, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(sh, c, c, w)
	}
	for i, r := range b.rows {
		row := hr + 1 + i
		cell, _ := excelize.CoordinatesToCellName(1, row)
		f.SetSheetRow(sh, cell, &r)
		for j, v := range r {
			if _, ok := v.(time.Time); ok {
				c, _ := excelize.CoordinatesToCellName(j+1, row)
				f.SetCellStyle(sh, c, c, date)
			}
		}
	}
	row := hr + 1 + len(b.rows)
	if b.total != nil {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		f.SetSheetRow(sh, cell, &b.total)
		row++
	}
	if b.sign {
		row++
		c, _ := excelize.CoordinatesToCellName(2, row)
		f.SetCellValue(sh, c, "Người lập biểu")
		c, _ = excelize.CoordinatesToCellName(cols-1, row)
		f.SetCellValue(sh, c, "TM. ỦY BAN NHÂN DÂN")
	}
	return f.SaveAs(path)
}

// saveStream writes a large register row by row.
func (b *book) saveStream(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "DS")
	sw, err := f.NewStreamWriter("DS")
	if err != nil {
		return err
	}
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i, w := range b.widths {
		sw.SetColWidth(i+1, i+1, w)
	}
	sw.SetRow("A1", []any{b.title})
	head := make([]any, len(b.head))
	for i, h := range b.head {
		head[i] = h
	}
	sw.SetRow("A3", head)
	for i, r := range b.rows {
		row := make([]any, len(r))
		for j, v := range r {
			if t, ok := v.(time.Time); ok {
				row[j] = excelize.Cell{StyleID: date, Value: t}
			} else {
				row[j] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, 4+i)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// Large is the sample ward with a social-protection register of about
// rows rows (an Excel sheet holds 1,048,576), for benchmarks: the same
// categories in the same proportions, scaled, and one case in twelve ended.
func Large(rows int) Targets {
	ended := rows / 12
	rows -= ended
	t := CuKhoi2020()
	total := 0
	for _, g := range t.BTXH {
		total += g.N
	}
	scaled := make([]Group, len(t.BTXH))
	for i, g := range t.BTXH {
		scaled[i] = Group{Dien: g.Dien, HeSo: g.HeSo, N: max(1, g.N*rows/total)}
	}
	t.BTXH = scaled
	t.Ended = ended
	return t
}
