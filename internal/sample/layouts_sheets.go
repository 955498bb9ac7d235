package sample

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// sheetLayouts are the layouts of a workbook's sheets and of a table's
// header.
var sheetLayouts = []Layout{
	{
		// Every register written by the layouts' own writer, as the clean
		// sample lays it out: the harness itself must give the figures.
		Name: "clean",
		Write: func(dir string, t Targets) error {
			return writeBooks(dir, t, func(b *book) *workbook {
				return &workbook{sheets: []*sheet{cleanSheet("DS", b, b.rows)}}
			})
		},
	},
	{
		// A sheet per tổ dân phố behind a summary sheet: the people's
		// registers keep their tổ column, the elderly's does not — the
		// sheet's name says it.
		Name: "sheet-per-to",
		Write: func(dir string, t Targets) error {
			return writeBooks(dir, t, func(b *book) *workbook {
				if col(b, "Tổ dân phố") < 0 {
					return nil
				}
				return perTo(b, b.file == "nguoi-cao-tuoi.xlsx")
			})
		},
		Findings: []string{
			`nguoi-cao-tuoi.xlsx!Tổ 1!dòng 3: không có cột "Tổ dân phố": lấy "Tổ 1" theo tiêu đề "Tổ 1"`,
			`ho-ngheo.xlsx: trang "Tổng hợp" chỉ có một phần các cột`,
		},
	},
	{
		// The sheet-per-tổ workbooks saved by LibreOffice: as .ods (read
		// through LibreOffice), and as .xlsx written by another tool.
		Name: "sheet-per-to-libreoffice",
		Write: func(dir string, t Targets) error {
			work, err := os.MkdirTemp("", "layout-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(work)
			var ods, xlsx []string
			for _, b := range books(t) {
				if col(b, "Tổ dân phố") < 0 {
					if err := b.save(filepath.Join(dir, b.file)); err != nil {
						return err
					}
					continue
				}
				path := filepath.Join(work, b.file)
				if err := perTo(b, b.file == "nguoi-cao-tuoi.xlsx").save(path); err != nil {
					return err
				}
				if b.file == "ho-ngheo.xlsx" || b.file == "nguoi-cao-tuoi.xlsx" {
					ods = append(ods, path)
				} else {
					xlsx = append(xlsx, path)
				}
			}
			if err := soffice(work, dir, "ods", ods); err != nil {
				return err
			}
			return soffice(work, dir, "xlsx", xlsx)
		},
		Findings: []string{`nguoi-cao-tuoi.ods!Tổ 1!dòng 3: không có cột "Tổ dân phố": lấy "Tổ 1"`, `ho-ngheo.ods: trang "Tổng hợp"`},
	},
	{
		// A cover sheet and a pivot-like summary before the list.
		Name: "cover-and-summary-first",
		Write: func(dir string, t Targets) error {
			return writeBooks(dir, t, func(b *book) *workbook {
				w := &workbook{sheets: []*sheet{cover(b, t)}}
				if col(b, "Tổ dân phố") >= 0 {
					w.sheets = append(w.sheets, summary(b))
				}
				w.sheets = append(w.sheets, cleanSheet("Danh sách", b, b.rows))
				return w
			})
		},
		Findings: []string{
			`bao-tro-xa-hoi.xlsx: trang "Bìa" không có dòng tiêu đề`,
			`ho-ngheo.xlsx: trang "Tổng hợp"`,
		},
	},
	{
		// Last year's list kept in the workbook, first, as Excel's
		// Move or Copy leaves it: by the sheet's name, or by its title.
		Name: "older-copy-first",
		Write: func(dir string, t Targets) error {
			return writeBooks(dir, t, func(b *book) *workbook {
				old := lastYear(b, t.Year)
				name := fmt.Sprintf("DS %d", t.Year-1)
				if b.file == "ho-ngheo.xlsx" || b.file == "khao-sat.xlsx" {
					name = "DS (2)" // the copy named by Excel; its title says the year
				}
				return &workbook{sheets: []*sheet{cleanSheet(name, old, old.rows), cleanSheet("DS", b, b.rows)}}
			})
		},
		Findings: []string{
			`bao-tro-xa-hoi.xlsx: trang "DS 2019" là danh sách năm 2019, không phải năm 2020`,
			`ho-ngheo.xlsx: trang "DS (2)" là danh sách năm 2019`,
			// and the same warning for every register's older copy
			`trang "DS 2019" là danh sách năm 2019, không phải năm 2020`, `trang "DS (2)" là danh sách năm 2019, không phải năm 2020`,
		},
	},
	{
		// A hidden sheet holding an old list, before the list.
		Name: "hidden-sheet",
		Write: func(dir string, t Targets) error {
			return writeBooks(dir, t, func(b *book) *workbook {
				old := cleanSheet("DS cũ", b, b.rows[:len(b.rows)/2])
				old.hidden = true
				return &workbook{sheets: []*sheet{old, cleanSheet("DS", b, b.rows)}}
			})
		},
		Findings: []string{`nguoi-co-cong.xlsx: trang "DS cũ" đang ẩn, không được đọc`},
	},
	{
		// Two-row headers: group cells merged over their sub-columns.
		Name: "group-headers",
		Write: func(dir string, t Targets) error {
			return writeBooks(dir, t, func(b *book) *workbook {
				groups := map[string]string{
					"Hệ số": "Trợ cấp hằng tháng", "Mức trợ cấp (đồng/tháng)": "Trợ cấp hằng tháng",
					"Ngày hưởng": "Thời gian hưởng", "Ngày thôi hưởng": "Thời gian hưởng",
					"Mã hồ sơ": "Mã số", "Mã gia đình": "Mã số",
					"Ngày thực hiện": "Thời hạn", "Hạn thẻ đến": "Thời hạn",
				}
				g := make([]string, len(b.head))
				any := false
				for i, h := range b.head {
					if b.group != nil && b.group[i] != "" {
						g[i] = b.group[i]
					} else {
						g[i] = groups[h]
					}
					any = any || g[i] != ""
				}
				if !any {
					return nil
				}
				c := *b
				c.group = g
				return &workbook{sheets: []*sheet{cleanSheet("DS", &c, b.rows)}}
			})
		},
	},
	{
		// Headers as clerks type them: words in another order, "và",
		// slashes and commas, abbreviations with or without dots, line
		// breaks inside the cell.
		Name: "clerk-wording",
		Write: func(dir string, t Targets) error {
			words := map[string]map[string]string{
				"bao-tro-xa-hoi.xlsx": {"Ngày sinh": "Ngày/tháng/năm sinh", "Họ và tên": "HỌ VÀ\nTÊN", "Mã đối tượng": "Mã\nđối tượng"},
				"nguoi-cao-tuoi.xlsx": {"Ngày sinh": "Ngày, tháng, năm sinh", "Tổ dân phố": "Tổ DP"},
				"khao-sat.xlsx":       {"Năm sinh": "SN", "Họ và tên": "Họ, tên"},
				"nguoi-co-cong.xlsx":  {"Năm sinh": "N.S", "Trợ cấp hàng tháng (đồng)": "Trợ cấp\nhằng tháng"},
				"ho-ngheo.xlsx":       {"Mã hộ": "Mã số hộ", "Họ tên chủ hộ": "Họ và tên chủ hộ", "Số nhân khẩu": "Số NK", "Số nhân khẩu có thẻ BHYT": "Số N.K có thẻ BHYT"},
				"the-bhyt.xlsx":       {"Ngày thực hiện": "Ngày\nthực hiện"},
			}
			return writeBooks(dir, t, func(b *book) *workbook {
				w := words[b.file]
				if w == nil {
					return nil
				}
				c := *b
				c.head = slices.Clone(b.head)
				for i, h := range c.head {
					if v, ok := w[h]; ok {
						c.head[i] = v
					}
				}
				return &workbook{sheets: []*sheet{cleanSheet("DS", &c, b.rows)}}
			})
		},
		Findings: []string{
			`ho-ngheo.xlsx!DS!dòng 3: tiêu đề cột được nhận theo từ ngữ: "Họ và tên chủ hộ" (C3) là "Họ tên chủ hộ"`,
			`"Ngày/tháng/năm sinh" (D3) là "Ngày sinh"`,
		},
	},
	{
		// A column-number row under the header, with formulas, and the
		// list pasted in two batches, the second under its own title
		// and header.
		Name: "numbered-and-pasted-twice",
		Write: func(dir string, t Targets) error {
			return writeBooks(dir, t, func(b *book) *workbook {
				s := numberedSheet(b, b.rows[:len(b.rows)/2])
				rest := numberedSheet(b, b.rows[len(b.rows)/2:])
				if b.total != nil {
					s.rows = s.rows[:len(s.rows)-1] // the total goes under the second batch only
				}
				if b.sign {
					s.rows = s.rows[:len(s.rows)-2]
				}
				s.add(nil)
				off := len(s.rows)
				for _, m := range rest.merges {
					s.merges = append(s.merges, [2]string{shift(m[0], off), shift(m[1], off)})
				}
				s.add(rest.rows...)
				return &workbook{sheets: []*sheet{s}}
			})
		},
		Findings: []string{`bao-tro-xa-hoi.xlsx!DS!dòng 4: bỏ qua các dòng đánh số cột hoặc lặp lại tiêu đề bảng`},
	},
}

// col is the index of a register's column, -1 when it has none.
func col(b *book, header string) int {
	return slices.Index(b.head, header)
}

// perTo lays a register out as a summary sheet and a sheet per tổ, rows
// numbered from 1 on each; without the tổ column when dropTo.
func perTo(b *book, dropTo bool) *workbook {
	to := col(b, "Tổ dân phố")
	byTo := map[string][][]any{}
	var names []string
	for _, r := range b.rows {
		name := r[to].(string)
		if byTo[name] == nil {
			names = append(names, name)
		}
		byTo[name] = append(byTo[name], r)
	}
	slices.SortFunc(names, func(a, b string) int { return toNumber(a) - toNumber(b) })
	w := &workbook{sheets: []*sheet{summary(b)}}
	for _, name := range names {
		c := *b
		c.total = nil
		var rows [][]any
		for i, r := range byTo[name] {
			r = slices.Clone(r)
			r[0] = i + 1
			if dropTo {
				r = slices.Delete(r, to, to+1)
			}
			rows = append(rows, r)
		}
		if dropTo {
			c.head = slices.Delete(slices.Clone(b.head), to, to+1)
			if b.group != nil {
				c.group = slices.Delete(slices.Clone(b.group), to, to+1)
			}
		}
		c.title = fmt.Sprintf("%s — %s", b.title, strings.ToUpper(name))
		w.sheets = append(w.sheets, cleanSheet(name, &c, rows))
	}
	return w
}

// summary is a pivot-like sheet: how many rows each tổ has.
func summary(b *book) *sheet {
	to := col(b, "Tổ dân phố")
	count := map[string]int{}
	for _, r := range b.rows {
		count[r[to].(string)]++
	}
	names := make([]string, 0, len(count))
	for n := range count {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int { return toNumber(a) - toNumber(b) })
	s := &sheet{name: "Tổng hợp"}
	s.add([]any{"TỔNG HỢP THEO TỔ DÂN PHỐ"}, nil, []any{"STT", "Tổ dân phố", "Số lượng", "Ghi chú"})
	total := 0
	for i, n := range names {
		s.add([]any{i + 1, n, count[n]})
		total += count[n]
	}
	s.add([]any{"", "Tổng cộng", total})
	return s
}

// cover is a workbook's cover sheet.
func cover(b *book, t Targets) *sheet {
	s := &sheet{name: "Bìa"}
	s.add(nil, nil, []any{"ỦY BAN NHÂN DÂN " + strings.ToUpper(t.Ward)}, nil, []any{b.title},
		nil, []any{fmt.Sprintf("Số người (hộ) trong danh sách: %d", len(b.rows))}, nil, []any{"Người lập: cán bộ LĐTB&XH"})
	return s
}

// lastYear is the register as it stood a year before: the title names
// that year, the last rows are not there yet, and a few were since
// removed (rows the current list no longer has, with codes of their own).
func lastYear(b *book, year int) *book {
	c := *b
	c.title = strings.ReplaceAll(b.title, fmt.Sprint(year), fmt.Sprint(year-1))
	c.rows = nil
	for i, r := range b.rows[:len(b.rows)*3/4] {
		r = slices.Clone(r)
		if i%5 == 0 && len(r) > 1 {
			if s, ok := r[1].(string); ok {
				r[1] = s + "-CU"
			}
		}
		c.rows = append(c.rows, r)
	}
	c.total = nil
	return &c
}

// numberedSheet is the clean sheet with a column-number row under the
// header, the money column's number written as the formula it holds.
func numberedSheet(b *book, records [][]any) *sheet {
	s := &sheet{name: "DS"}
	s.add([]any{b.title}, nil)
	s.header(b.head, b.group)
	nums := make([]any, len(b.head))
	for i := range nums {
		nums[i] = fmt.Sprintf("(%d)", i+1)
	}
	if m, h := col(b, "Mức trợ cấp (đồng/tháng)"), col(b, "Hệ số"); m >= 0 && h >= 0 {
		nums[m] = fmt.Sprintf("(%d) = (%d) x 350.000", m+1, h+1)
	}
	s.add(nums)
	s.add(records...)
	s.foot(b)
	return s
}

// shift moves a cell reference down by n rows.
func shift(ref string, n int) string {
	i := strings.IndexAny(ref, "0123456789")
	var row int
	fmt.Sscan(ref[i:], &row)
	return fmt.Sprintf("%s%d", ref[:i], row+n)
}

// soffice converts files with LibreOffice into dir.
func soffice(work, dir, format string, files []string) error {
	if len(files) == 0 {
		return nil
	}
	bin, err := exec.LookPath("soffice")
	if err != nil {
		return fmt.Errorf("soffice is needed: apt-get install -y libreoffice-calc-nogui")
	}
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(work, "profile"), "--headless", "--convert-to", format, "--outdir", dir}, files...)
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		return fmt.Errorf("soffice: %v\n%s", err, out)
	}
	return nil
}
