package sample

import (
	"fmt"
	"strings"
	"time"
)

var nccDien = []string{"Thương binh", "Bệnh binh", "Thân nhân liệt sĩ", "Người hoạt động kháng chiến bị nhiễm chất độc hóa học",
	"Người hoạt động kháng chiến", "Người có công giúp đỡ cách mạng", "Thân nhân người có công", "Người bị địch bắt tù, đày"}

type nccOut struct {
	*book
	ids   []string
	names []string
}

func (g *gen) nguoiCoCong() nccOut {
	t := g.t
	b := &book{file: "nguoi-co-cong.xlsx", title: fmt.Sprintf("DANH SÁCH NGƯỜI CÓ CÔNG VÀ THÂN NHÂN NĂM %d", t.Year),
		head:   []string{"STT", "Mã hồ sơ", "Mã gia đình", "Họ và tên", "Năm sinh", "Giới tính", "Tổ dân phố", "Diện đối tượng", "Trợ cấp hàng tháng (đồng)", "Ghi chú"},
		widths: []float64{6, 12, 12, 24, 10, 9, 10, 36, 16, 16}, sign: true}
	out := nccOut{book: b}
	for i := 0; i < t.People; i++ {
		fam := i % t.Families // the first Families people found one family each
		id := fmt.Sprintf("NCC%04d", i+1)
		n, sex := g.name()
		if i == 0 && t.HouseOwner != "" {
			n, sex = t.HouseOwner, "Nam"
		}
		dien := nccDien[g.r.IntN(len(nccDien))]
		var tc any = ""
		if i < t.Allowance {
			tc = []int{1624000, 1318000, 2046000, 1900000, 3129000}[g.r.IntN(5)]
		} else if i%3 == 0 {
			tc = 0
		}
		var year any = 1925 + g.r.IntN(40)
		if i%7 == 0 {
			year = fmt.Sprintf("01/01/%d", 1925+g.r.IntN(40))
		}
		b.rows = append(b.rows, []any{i + 1, id, fmt.Sprintf("GD%03d", fam+1), n, year, sex, g.group(), dien, tc, ""})
		out.ids = append(out.ids, id)
		out.names = append(out.names, n)
	}
	return out
}

type poorOut struct {
	*book
	ids []string // households poor or near-poor at the start
}

func (g *gen) hoNgheo() poorOut {
	t := g.t
	b := &book{file: "ho-ngheo.xlsx", title: fmt.Sprintf("DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM %d", t.Year),
		head:   []string{"STT", "Mã hộ", "Họ tên chủ hộ", "Tổ dân phố", "Số nhân khẩu", "Đầu năm", "Cuối năm", "Số nhân khẩu có thẻ BHYT"},
		group:  []string{"", "", "", "", "", "Phân loại hộ", "Phân loại hộ", ""},
		widths: []float64{6, 10, 24, 10, 10, 12, 12, 14}, sign: true}
	out := poorOut{book: b}
	add := func(class string, nk []int, end []string) {
		for i, n := range nk {
			id := fmt.Sprintf("HN%03d", len(b.rows)+1)
			name, _ := g.name()
			b.rows = append(b.rows, []any{len(b.rows) + 1, id, name, g.group(), n, class, end[i], n})
			if class != "Không" {
				out.ids = append(out.ids, id)
			}
		}
	}
	add("Nghèo", t.PoorNK, t.PoorEnd)
	add("Cận nghèo", t.NearPoorNK, t.NearPoorEnd)
	never := make([]int, t.NeverPoor)
	ends := make([]string, t.NeverPoor)
	for i := range never {
		never[i], ends[i] = 2+g.r.IntN(4), "Không"
	}
	add("Không", never, ends)
	// Households that were never poor do not all hold cards: the coverage
	// figure must not count them.
	for i := len(t.PoorNK) + len(t.NearPoorNK); i < len(b.rows); i += 2 {
		b.rows[i][7] = 1
	}
	return out
}

func (g *gen) hoatDong(ncc nccOut, poor poorOut) *book {
	t := g.t
	b := &book{file: "hoat-dong.xlsx", title: fmt.Sprintf("SỔ THEO DÕI HOẠT ĐỘNG AN SINH XÃ HỘI NĂM %d", t.Year),
		head:   []string{"STT", "Ngày", "Hoạt động", "Dịp", "Mã đối tượng", "Họ và tên", "Số lượng", "Giá trị (đồng)", "Địa điểm", "Ghi chú"},
		widths: []float64{6, 12, 22, 14, 12, 24, 9, 14, 22, 30}, sign: true}
	add := func(day time.Time, act, dip, id, name string, n any, value any, place, note string) {
		var d any = day
		if len(b.rows)%4 == 1 {
			d = day.Format("02/01/2006") // some clerks type dates as text
		}
		b.rows = append(b.rows, []any{len(b.rows) + 1, d, act, dip, id, name, n, value, place, note})
	}
	occasionDay := map[string]time.Time{"Tết Nguyên đán": date(t.Year, 1, 20), "27/7": date(t.Year, 7, 24), "2/9": date(t.Year, 8, 31), "10/10": date(t.Year, 10, 8)}
	k := 0
	for _, oc := range t.Gifts {
		n := oc.N
		if n >= 10 { // one gift list handed to a tổ dân phố as a whole
			add(occasionDay[oc.Name], "Tặng quà", oc.Name, "", "Hội Cựu chiến binh "+g.group(), 5, 5*300000, "", "quà của quận")
			n -= 5
		}
		for i := 0; i < n; i++ {
			var cnt any = 1
			if i%5 == 2 {
				cnt = "" // blank means one
			}
			add(occasionDay[oc.Name], "Tặng quà", oc.Name, ncc.ids[k%len(ncc.ids)], ncc.names[k%len(ncc.names)], cnt, 300000, "", "")
			k++
		}
	}
	for i := 0; i < 20; i++ { // children's gifts: not the occasions the figure counts
		name, _ := g.name()
		add(date(t.Year, 9, 28), "Tặng quà", "Trung thu", "", name, 1, 100000, "", "quà Trung thu cho trẻ em")
	}
	for i := 0; i < t.Checkups; i++ {
		add(date(t.Year, 7, 15), "Khám sức khỏe", "27/7", ncc.ids[i], ncc.names[i], 1, "", "Trạm y tế phường", "")
	}
	for i := 0; i < 5 && i < t.Checkups; i++ { // a second check-up counts the person once
		add(date(t.Year, 11, 10), "Khám sức khỏe", "Khác", ncc.ids[i], ncc.names[i], 1, "", "Trạm y tế phường", "tái khám")
	}
	for i := 0; i < t.Resort; i++ {
		add(date(t.Year, 6, 8), "Điều dưỡng tập trung", "27/7", ncc.ids[10+i], ncc.names[10+i], 1, 2200000, t.ResortPlace, "")
	}
	home := t.HomeCare
	if home > 2 {
		add(date(t.Year, 7, 1), "Điều dưỡng tại nhà", "27/7", ncc.ids[20], ncc.names[20], 2, 2200000, "", "hai lần trong năm")
		home -= 2
	}
	for i := 0; i < home; i++ {
		add(date(t.Year, 7, 1), "Điều dưỡng tại nhà", "27/7", ncc.ids[21+i], ncc.names[21+i], 1, 1100000, "", "")
	}
	if t.HouseOwner != "" {
		add(date(t.Year, 9, 2), "Xây nhà", "2/9", ncc.ids[0], t.HouseOwner, 1, 80000000, g.group(), "nhà tình nghĩa")
	}
	for i := 0; i < 2; i++ {
		add(date(t.Year, 10, 5), "Sửa nhà", "Khác", ncc.ids[60+i], ncc.names[60+i], 1, 30000000, "", "")
	}
	for i := 0; i < t.Children; i++ {
		name, _ := g.name()
		id := poor.ids[i%len(poor.ids)]
		add(date(t.Year, 9, 5), "Miễn giảm học phí", "Khác", id, name, 1, 1500000, "", "năm học "+fmt.Sprint(t.Year)+"-"+fmt.Sprint(t.Year+1))
		if i%3 != 2 {
			add(date(t.Year, 9, 5), "Hỗ trợ đồ dùng học tập", "Khác", id, name, 1, 500000, "", "")
		}
	}
	for _, a := range [][2]string{{"1/6", "Tết thiếu nhi 1/6"}, {"Tháng hành động vì trẻ em", "Tháng hành động vì trẻ em"}, {"Khác", "diễn đàn trẻ em do quận tổ chức"}, {"Khác", "hoạt động hè"}, {"Trung thu", "Tết Trung thu tại các tổ dân phố"}} {
		add(date(t.Year, 6, 1), "Hoạt động trẻ em", a[0], "", "Đoàn thanh niên phường", 1, "", "", a[1])
	}
	return b
}

func (g *gen) theBHYT(ncc nccOut, poor poorOut) *book {
	t := g.t
	b := &book{file: "the-bhyt.xlsx", title: fmt.Sprintf("DANH SÁCH CẤP, ĐỔI, GIA HẠN THẺ BHYT NĂM %d", t.Year),
		head:   []string{"STT", "Mã thẻ BHYT", "Họ và tên", "Mã đối tượng", "Nghiệp vụ", "Đối tượng", "Ngày thực hiện", "Hạn thẻ đến"},
		widths: []float64{6, 18, 24, 12, 12, 24, 14, 14}}
	seq := 0
	add := func(prefix, name, id, op, who string, day, until time.Time) {
		seq++
		b.rows = append(b.rows, []any{len(b.rows) + 1, fmt.Sprintf("%s%012d", prefix, 10100000000+seq), name, id, op, who, day, until})
	}
	for i := 0; i < t.Cards6290; i++ {
		name, _ := g.name()
		who := "QĐ 62"
		if i%9 >= 5 {
			who = "QĐ 290"
		}
		add("CB2", name, "", "Cấp đổi", who, g.day(t.Year), date(t.Year+1, 12, 31))
	}
	for i := 0; i < t.Renewals; i++ {
		if i < len(ncc.ids) {
			add("CC1", ncc.names[i], ncc.ids[i], "Gia hạn", "Người có công", date(t.Year, 12, 10), date(t.Year+1, 12, 31))
			continue
		}
		name, _ := g.name()
		add("TC3", name, "", "Gia hạn", "Thân nhân người có công", date(t.Year, 12, 10), date(t.Year+1, 12, 31))
	}
	for i := 0; i < 20; i++ { // renewed early in the year for the year itself: not next year's
		add("CC1", ncc.names[i], ncc.ids[i], "Gia hạn", "Người có công", date(t.Year, 1, 5), date(t.Year, 12, 31))
	}
	for i, id := range poor.ids {
		name, _ := g.name()
		add("HN2", name, id, "Cấp mới", "Hộ nghèo", g.day(t.Year), date(t.Year, 12, 31))
		_ = i
	}
	for i := 0; i < 30; i++ {
		name, _ := g.name()
		add("BT2", name, "", "Gia hạn", "Bảo trợ xã hội", date(t.Year, 12, 10), date(t.Year+1, 12, 31))
	}
	for i := 0; i < 10; i++ {
		name, _ := g.name()
		add("GD4", name, "", "Cấp đổi", "Khác", g.day(t.Year), date(t.Year+1, 12, 31))
	}
	return b
}

func (g *gen) baoTro() *book {
	t := g.t
	b := &book{file: "bao-tro-xa-hoi.xlsx", title: fmt.Sprintf("DANH SÁCH ĐỐI TƯỢNG HƯỞNG TRỢ CẤP XÃ HỘI HÀNG THÁNG NĂM %d", t.Year),
		head:   []string{"STT", "Mã đối tượng", "Họ và tên", "Ngày sinh", "Giới tính", "Tổ dân phố", "Diện đối tượng", "Hệ số", "Mức trợ cấp (đồng/tháng)", "Ngày hưởng", "Ngày thôi hưởng"},
		widths: []float64{6, 12, 24, 12, 9, 10, 40, 8, 16, 12, 14}, sign: true}
	total := 0
	add := func(gr Group, ended bool, start time.Time) {
		name, sex := g.name()
		born := date(t.Year-20-g.r.IntN(50), 1+g.r.IntN(12), 1+g.r.IntN(28))
		if strings.Contains(gr.Dien, "80 tuổi") {
			born = date(t.Year-80-g.r.IntN(15), 1+g.r.IntN(12), 1+g.r.IntN(28))
		}
		money := int(gr.HeSo * float64(t.BaseRate))
		var stop any = ""
		if ended {
			stop = g.day(t.Year)
			if stop.(time.Time).Before(start) {
				stop = start.AddDate(0, 1, 0)
			}
		} else if start.Year() <= t.Year {
			total += money
		}
		var heso any = gr.HeSo
		if len(b.rows)%6 == 3 {
			heso = strings.Replace(fmt.Sprintf("%.1f", gr.HeSo), ".", ",", 1) // typed as text
		}
		b.rows = append(b.rows, []any{len(b.rows) + 1, fmt.Sprintf("BT%04d", len(b.rows)+1), name, born, sex, g.group(), gr.Dien, heso, money, start, stop})
	}
	for _, gr := range t.BTXH {
		for i := 0; i < gr.N; i++ {
			add(gr, false, date(t.Year-1-g.r.IntN(8), 1+g.r.IntN(12), 1))
		}
	}
	for i := 0; i < t.Ended; i++ {
		add(t.BTXH[i%len(t.BTXH)], true, date(t.Year-1-g.r.IntN(5), 1+g.r.IntN(12), 1))
	}
	for i := 0; i < 2; i++ { // approved for January next year: not active at 31 December
		add(t.BTXH[0], false, date(t.Year+1, 1, 1))
	}
	b.total = []any{"", "Tổng cộng", "", "", "", "", "", "", total}
	return b
}

func (g *gen) nguoiCaoTuoi() *book {
	t := g.t
	b := &book{file: "nguoi-cao-tuoi.xlsx", title: fmt.Sprintf("DANH SÁCH NGƯỜI CAO TUỔI NĂM %d", t.Year),
		head:   []string{"STT", "Mã", "Họ và tên", "Ngày sinh", "Giới tính", "Tổ dân phố", "Ngày mất"},
		widths: []float64{6, 10, 24, 12, 9, 10, 12}}
	add := func(age int, died any) {
		y := t.Year - age
		name, sex := g.name()
		var born any
		switch len(b.rows) % 5 {
		case 0:
			born = fmt.Sprint(y) // year alone
		case 1:
			born = fmt.Sprintf("00/00/%d", y)
		case 2:
			born = fmt.Sprintf("%02d/%02d/%d", 1+g.r.IntN(28), 1+g.r.IntN(12), y)
		default:
			born = date(y, 1+g.r.IntN(12), 1+g.r.IntN(28))
		}
		b.rows = append(b.rows, []any{len(b.rows) + 1, fmt.Sprintf("NCT%04d", len(b.rows)+1), name, born, sex, g.group(), died})
	}
	milestone := map[int]bool{}
	for _, c := range t.Longevity {
		var age int
		fmt.Sscan(c.Name, &age)
		milestone[age] = true
		for i := 0; i < c.N; i++ {
			var died any = ""
			if i == 1 {
				died = date(t.Year, 8, 14) // died during the year: alive on 1 January, counted
			}
			add(age, died)
		}
		if c.N > 0 && age < 100 {
			add(age, date(t.Year-1, 11, 3)) // died before the year: not counted
		}
	}
	for n := 0; n < t.Elderly; {
		age := 60 + g.r.IntN(40)
		if milestone[age] || age%5 == 0 {
			continue
		}
		add(age, "")
		n++
	}
	return b
}

func (g *gen) khaoSat() *book {
	t := g.t
	b := &book{file: "khao-sat.xlsx", title: fmt.Sprintf("PHIẾU ĐIỀU TRA NHU CẦU HỌC NGHỀ, VIỆC LÀM NĂM %d", t.Year),
		head:   []string{"STT", "Số phiếu", "Họ và tên", "Năm sinh", "Giới tính", "Tổ dân phố", "Nhu cầu"},
		widths: []float64{6, 10, 24, 10, 9, 10, 18}}
	for _, c := range t.Survey {
		for i := 0; i < c.N; i++ {
			name, sex := g.name()
			b.rows = append(b.rows, []any{len(b.rows) + 1, fmt.Sprintf("P%03d", len(b.rows)+1), name, t.Year - 18 - g.r.IntN(40), sex, g.group(), c.Name})
		}
	}
	return b
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
