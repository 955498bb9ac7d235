package finding

import (
	"fmt"
	"slices"
	"strings"
)

// Entry is one code of the catalogue: what the clerk reads about it.
type Entry struct {
	Code    string // the stable id, in English, for logs and scripts
	Title   string // Vietnamese, the findings workbook's "Loại lỗi"
	Explain string // one line: what it means and why it matters
	// Forms are the message and hint templates by form name ("" is the
	// usual one). A template names its fields in braces: {cot} writes the
	// field as it is, {gia_tri:q} in quotes.
	Forms map[string]Form
}

// Form is one message of a code, with its hint.
type Form struct{ Message, Hint string }

// Args are the named fields a call site gives its message and hint.
type Args map[string]any

// catalog is the one place a finding's words are written. Its order is
// the order the README lists the codes in.
var catalog = []Entry{
	{Code: FileError, Title: "Tệp không đọc được",
		Explain: "một tệp không mở hoặc không đọc hết được: các dòng của nó không được tính",
		Forms: map[string]Form{
			"": {"không đọc được tệp {tep}: {ly_do}", "{cach_sua}"},
			"convert": {"tệp {tep} ở định dạng {dinh_dang}; máy này không có LibreOffice để chuyển tệp nên không đọc được",
				"mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx"},
			"look": {"{ly_do}", "{cach_sua}"},
			"changing": {"tệp {tep} thay đổi trong lúc đọc ({truoc} → {sau} byte sau {cho}), có thể đang được chép vào: chưa đọc",
				"chờ chép xong rồi chạy lại"},
			"quotes": {"dòng {dong} có dấu nháy kép (\") không được đóng hoặc đặt sai chỗ: dòng này không được đọc",
				"sửa dòng {dong}: bỏ dấu nháy kép, hoặc đặt cả ô trong một cặp nháy kép \"...\", rồi lưu lại"},
			"too-many-quotes": {"quá nhiều lỗi dấu nháy kép (\"); tệp không được đọc tiếp từ dòng {dong}",
				"mở tệp bằng Excel hoặc LibreOffice, kiểm tra các dấu nháy kép rồi lưu lại dưới dạng .xlsx"},
			"not-marked": {"không tạo bản đánh dấu ô lỗi trong {thu_muc}: {ly_do}", ""},
		}},
	{Code: UnclaimedFile, Title: "Tệp không thuộc sổ nào",
		Explain: "một tệp trong thư mục dữ liệu không được đọc vì không sổ nào nhận nó",
		Forms: map[string]Form{
			"":            {"tệp {tep} không thuộc sổ nào trong cấu hình nên không được đọc", "đổi tên tệp theo mẫu tên của sổ, hoặc chuyển tệp ra khỏi thư mục dữ liệu"},
			"not-a-sheet": {"tệp {tep} không phải là bảng tính nên không được đọc", ""},
		}},
	{Code: NoFile, Title: "Thiếu tệp của sổ",
		Explain: "một sổ trong cấu hình không có tệp nào trong thư mục dữ liệu",
		Forms: map[string]Form{
			"": {"không có tệp nào cho sổ {so:q} (mẫu tên tệp: {mau})", "chép tệp của sổ vào thư mục dữ liệu, đặt tên theo mẫu"},
		}},
	{Code: EmptyFile, Title: "Tệp không có dữ liệu",
		Explain: "tệp của một sổ không có dòng dữ liệu nào: sổ được tính là 0",
		Forms: map[string]Form{
			"": {"tệp {tep} không có dòng dữ liệu nào: sổ được tính là 0", "kiểm tra đã chép đúng tệp sổ đã nhập, không phải sổ trống"},
		}},
	{Code: DuplicateFile, Title: "Hai tệp cho một sổ",
		Explain: "hai tệp của cùng một sổ giống nhau, hoặc có chung các dòng: mỗi dòng chỉ được tính một lần",
		Forms: map[string]Form{
			"": {"tệp {tep} có {so_dong} dòng trùng với tệp {tep_kia} theo {cot} (dòng đầu tiên: {gia_tri:q}); hai tệp có vẻ là hai bản của cùng một sổ, các dòng trùng không được tính",
				"giữ một bản của sổ trong thư mục dữ liệu, hoặc xoá các dòng trùng"},
			"copy": {"tệp {ban_sao} giống hệt tệp {tep}: chỉ đọc {tep} một lần", "xoá bản sao khỏi thư mục dữ liệu"},
		}},
	{Code: MissingLabel, Title: "Thiếu cột",
		Explain: "một cột của sổ không có trong dòng tiêu đề, hoặc không tìm thấy dòng tiêu đề",
		Forms: map[string]Form{
			"": {"không có cột {cot:q} trong dòng tiêu đề (dòng {dong})",
				"có phải là cột {gan_nhat:q} (ô {o})? Nếu đúng, sửa tiêu đề ở ô {o} thành {cot:q}"},
			"absent": {"không có cột {cot:q} trong dòng tiêu đề (dòng {dong})",
				"thêm cột có tiêu đề {cot:q} vào dòng tiêu đề (dòng {dong})"},
			"no-header": {"{ly_do}", "tiêu đề cột phải giống mẫu, ví dụ: {vi_du}"},
			"no-header-near": {"{ly_do}",
				"dòng {dong} của trang {trang:q} giống dòng tiêu đề nhất: có các cột {co}, nhưng không có {thieu}; sửa tiêu đề các cột này cho giống mẫu"},
		}},
	{Code: ExtraLabel, Title: "Cột không được đọc",
		Explain: "một cột không thuộc trường nào của sổ: nó không được đọc",
		Forms: map[string]Form{
			"": {"các cột không có trong cấu hình, không được đọc: {cot}", ""},
		}},
	{Code: RepeatedLabel, Title: "Cột trùng tên",
		Explain: "hai cột cùng một tiêu đề: chỉ đọc được một, nửa kia của danh sách bị mất",
		Forms: map[string]Form{
			"": {"dòng tiêu đề có cột trùng tên, chỉ đọc được một trong hai: {cot}",
				"nếu danh sách được chia thành hai nửa cạnh nhau, chuyển nửa bên phải xuống dưới nửa bên trái; nếu không, đổi tên hoặc xóa cột thừa"},
		}},
	{Code: TypeError, Title: "Sai kiểu dữ liệu",
		Explain: "giá trị trong ô không đọc được theo kiểu của cột (số, số tiền, ngày tháng): ô không được tính",
		Forms: map[string]Form{
			"":        {"cột {cot:q}: {gia_tri:q} không phải là {kieu}", "{cach_sua}"},
			"formula": {"cột {cot:q}: ô có công thức bị lỗi ({gia_tri})", "sửa công thức hoặc gõ giá trị trực tiếp vào ô"},
			"uncomputed": {"cột {cot:q}: ô có công thức chưa được tính — mở và lưu lại tệp bằng Excel hoặc LibreOffice",
				"tệp do một chương trình khác tạo ra, chưa lưu giá trị của công thức: mở tệp bằng Excel hoặc LibreOffice rồi lưu lại"},
			"bool":      {"cột {cot:q}: ô chứa giá trị đúng/sai (TRUE/FALSE), không phải giá trị của cột", "gõ giá trị trực tiếp vào ô"},
			"too-large": {"cột {cot:q}: {gia_tri:q} quá lớn, không thể là giá trị của cột này", "{cach_sua}"},
			"ambiguous": {"cột {cot:q}: {gia_tri:q} không rõ số tiền, {ly_do}", "gõ số tiền đầy đủ bằng chữ số, ví dụ 1.050.000"},
			"not-whole": {"cột {cot:q}: {gia_tri:q} {ly_do}", "gõ số tiền tròn đồng bằng chữ số, ví dụ 525.000"},
			"no-day":    {"cột {cot:q}: không có ngày {gia_tri:q}, vì {ly_do}", "xem lại ngày trên giấy tờ gốc rồi gõ lại, dạng ngày/tháng/năm"},
			"age": {"cột tuổi thay cho {cot:q}: {gia_tri:q} không phải là số tuổi",
				"gõ số tuổi bằng chữ số, ví dụ 75, hoặc thay cột Tuổi bằng cột {cot}"},
		}},
	{Code: Constraint, Title: "Giá trị không hợp lệ",
		Explain: "giá trị đọc được nhưng không đúng quy định của cột: thiếu, ngoài khoảng, sai dạng, không nằm trong danh mục",
		Forms: map[string]Form{
			"required":  {"thiếu {cot:q}", "điền {cot:q} cho dòng {dong}"},
			"min":       {"cột {cot:q}: {gia_tri} nhỏ hơn {gioi_han}", "gõ một số từ {gioi_han} trở lên"},
			"max":       {"cột {cot:q}: {gia_tri} lớn hơn {gioi_han}", "gõ một số không quá {gioi_han}"},
			"pattern":   {"cột {cot:q}: {gia_tri:q} không đúng dạng", "{cach_sua}"},
			"values":    {"cột {cot:q}: {gia_tri:q} không có trong danh mục của cột", "có phải là {gan_nhat:q}? Chỉ được gõ một trong: {cho_phep}"},
			"members":   {"{cot:q} ghi {so} nhưng hộ có {so_dong} dòng (dòng {dong} và các dòng {dong_khac})", "sửa số cho khớp, hoặc ghi Mã hộ cho dòng của một hộ khác"},
			"one-col":   {"cột {cot:q}: có ghi ở nhiều cột ({cac_cot}), chỉ được ghi ở một", "xóa ô ghi thừa, chỉ giữ ô ở cột đúng"},
			"two-title": {"không có cột {cot:q}, và tiêu đề nêu hai giá trị: {mot:q} ({mot_goc:q}) và {hai:q} ({hai_goc:q})", "mỗi danh sách chỉ cho một {ten}, hoặc thêm cột {cot:q}"},
		}},
	{Code: Unique, Title: "Trùng mã",
		Explain: "một mã (hoặc một tổ hợp giá trị) chỉ được có một lần trong sổ mà lại có hai lần",
		Forms: map[string]Form{
			"": {"{cot} {gia_tri:q} được ghi hai lần: ở dòng {dong} ({nguoi}) và ở {noi_dau} ({nguoi_dau})",
				"mỗi mã chỉ được có một lần trong sổ: nếu là hai người khác nhau, sửa mã của một người; nếu là một người, xóa một dòng"},
			"together": {"dòng {dong} ({nguoi}) trùng với {noi_dau} ({nguoi_dau}) về {cac_cot}",
				"mỗi tổ hợp giá trị này chỉ được có một lần; xóa dòng trùng"},
		}},
	{Code: ForeignKey, Title: "Mã không tìm thấy",
		Explain: "một mã dẫn tới sổ khác mà sổ đó không có",
		Forms: map[string]Form{
			"": {"cột {cot:q}: không tìm thấy {gia_tri:q} trong {so}", "kiểm tra mã, hoặc bổ sung đối tượng vào sổ tương ứng"},
			"unread": {"{so_ma} mã của cột {cot:q} không tìm thấy vì {so} không đọc được (dòng {cac_dong})",
				"sửa lỗi của {so} trước: khi sổ đó đọc được, các mã này sẽ được kiểm tra lại"},
		}},
	{Code: RuleError, Title: "Sai quy tắc",
		Explain: "một quy tắc của sổ (so sánh giữa các cột của một dòng) không đúng, hoặc không kiểm tra được",
		Forms: map[string]Form{
			"": {"{thong_bao}", "{cach_sua}"},
			"unchecked": {"không kiểm tra được quy tắc {quy_tac:q} ở dòng {dong}{gia_tri_doc}",
				"kiểm tra các giá trị này trên dòng; nếu chúng đúng, báo người quản trị sửa quy tắc trong tệp cấu hình"},
			"filter": {"không xét được dòng {dong} cho {cho}: điều kiện {dieu_kien:q} không tính được{gia_tri_doc}",
				"kiểm tra các ô trống hoặc sai kiểu trên dòng này"},
			"zero-rate": {"tỷ lệ {chi_tieu:q} không tính được vì chỉ tiêu {mau_so:q} bằng 0: báo cáo ghi tỷ lệ là 0",
				"kiểm tra số liệu tạo nên {mau_so:q}; nếu đúng là 0, kiểm tra câu chữ của báo cáo có nói về tỷ lệ này"},
		}},
	{Code: EnumFolded, Title: "Thiếu dấu",
		Explain: "giá trị gõ không dấu được hiểu là giá trị có dấu của danh mục",
		Forms: map[string]Form{
			"": {"cột {cot:q}: {gia_tri:q} được hiểu là {doc_la:q}", "gõ đúng {doc_la:q}, có dấu"},
		}},
	{Code: LegacyText, Title: "Chữ mã cũ (TCVN3, VNI)",
		Explain: "chữ gõ bằng phông TCVN3 hoặc VNI đã được chuyển sang Unicode",
		Forms: map[string]Form{
			"": {"cột {cot:q}: {so_o} ô gõ bằng mã {ma} ({vi_sao}) đã được chuyển sang Unicode: {vi_du}",
				"nên chuyển tệp sang Unicode (Unikey: Công cụ chuyển mã) và dùng phông Times New Roman"},
		}},
	{Code: Glyph, Title: "Ký tự PDF không in được",
		Explain: "một ký tự mà phông chữ của báo cáo PDF không có: PDF in thay bằng □",
		Forms: map[string]Form{
			"": {"cột {cot:q}: {gia_tri:q} có {ky_tu} mà phông chữ của báo cáo PDF không có; nếu giá trị này có trong báo cáo, PDF in thay bằng {thay:q}",
				"bỏ các ký tự này (biểu tượng cảm xúc, chữ Hán hiếm…) khỏi ô, chỉ gõ chữ và số"},
			"line": {"dòng {dong} có {ky_tu} mà phông chữ của báo cáo PDF không có: trong PDF được thay bằng {thay:q}",
				"bỏ hoặc thay các ký tự này bằng chữ thường trong tệp {tep}"},
		}},
	{Code: Merged, Title: "Ô gộp",
		Explain: "giá trị của một ô gộp được tính cho mọi dòng ô đó trải qua",
		Forms: map[string]Form{
			"": {"ô gộp {tu}:{den}: giá trị của ô {tu} được tính cho mọi dòng từ {dong_dau} đến {dong_cuoi}",
				"nếu mỗi dòng có giá trị riêng, bỏ gộp ô (Trang đầu › Hợp nhất và căn giữa) và điền từng ô"},
		}},
	{Code: ValueRead, Title: "Giá trị được hiểu",
		Explain: "một ô gõ khác cách thông thường (\"1,4tr\", năm thay cho ngày, mã có dấu cách) được đọc và ghi lại cách đọc để kiểm tra",
		Forms: map[string]Form{
			"money": {"cột {cot:q}: {cach_doc}", "nếu đúng thì không cần sửa; nên gõ {nen_go}"},
			"approx": {"cột {cot:q}: {gia_tri:q} là năm không chắc chắn, được đọc là năm {nam}",
				"kiểm tra lại năm rồi gõ năm đúng, ví dụ {nam}"},
			"month": {"cột {cot:q}: {gia_tri:q} chỉ có tháng và năm, được đọc là ngày {ngay}",
				"nếu biết ngày, gõ đủ ngày/tháng/năm, ví dụ {vi_du}"},
			"year-in-date": {"cột {cot:q}: {gia_tri:q} chỉ có năm, được đọc là năm {nam} (ngày 01/01/{nam})",
				"nếu biết ngày, gõ đủ ngày/tháng/năm, ví dụ 15/03/{nam}"},
			"year":   {"cột {cot:q}: {gia_tri:q} được đọc là năm {nam}", "nên gõ {nam}"},
			"spaces": {"cột {cot:q}: {gia_tri:q} được đọc là {doc_la:q} (bỏ dấu cách)", "nên gõ liền {doc_la:q}"},
		}},
	{Code: Interpreted, Title: "Cách đọc bảng",
		Explain: "bảng được đọc khác một dòng một đối tượng: dòng mục, khối hộ, ghi chú, tiêu đề, tên trang",
		Forms: map[string]Form{
			"split":          {"cột {cot:q} chia theo {theo:q} ({cac_gia_tri}): {theo} lấy từ cột có ghi", ""},
			"marks":          {"cột {cot:q} ghi bằng dấu đánh vào các cột {cac_cot}", ""},
			"age":            {"không có cột {cot:q}: năm sinh tính bằng năm báo cáo trừ tuổi ở cột {cot_tuoi:q}", ""},
			"title":          {"không có cột {cot:q}: lấy {gia_tri:q} theo tiêu đề {tieu_de:q}", ""},
			"sections-field": {"không có cột {cot:q}: lấy theo các dòng mục phía trên mỗi dòng", ""},
			"count":          {"không có cột {cot:q}: đếm số dòng của mỗi hộ (dòng đầu và các dòng thành viên bên dưới)", ""},
			"sections":       {"các dòng mục được bỏ qua (không phải đối tượng): dòng {cac_dong}", ""},
			"unmatched": {"dòng mục không nêu giá trị nào theo cấu hình, các dòng dưới vẫn theo mục trước: dòng {cac_dong}",
				"sửa tiêu đề mục cho đúng mẫu, hoặc thêm cột thay cho dòng mục"},
			"blocks": {"{so_ho} hộ có thành viên ghi ở các dòng dưới (ô {cot:q} để trống hoặc gộp), mỗi hộ tính một lần: {cac_ho}", ""},
			"below": {"có {so_dong} dòng ghi dưới phần chữ ký (từ dòng {tu_dong}), vẫn được đọc: dòng {cac_dong}",
				"chuyển các dòng này lên trên phần chữ ký, trong bảng"},
			"below-skipped": {"dòng dưới phần chữ ký (từ dòng {tu_dong}) thiếu ô bắt buộc, không được đọc: dòng {cac_dong}",
				"nếu là đối tượng, chuyển lên trong bảng và điền đủ các ô bắt buộc"},
			"ended-kept": {"{vi_sao}: dòng đã có {cot:q} là {gia_tri}, giữ nguyên", ""},
			"ended":      {"{vi_sao}: coi là {ten} {ngay}", ""},
			"ended-bad-date": {"{vi_sao}: không đọc được ngày {ngay:q}; dòng không được tính",
				"ghi ngày dạng ngày/tháng/năm, ví dụ 03/11/2019"},
			"ended-no-date": {"{vi_sao}, không có ngày: dòng không được tính",
				"nếu cần tính đến ngày thôi, ghi ngày vào ghi chú hoặc cột {cot:q}"},
		}},
	{Code: SheetSkipped, Title: "Trang không được đọc",
		Explain: "một trang tính của tệp không được đọc, và vì sao",
		Forms: map[string]Form{
			"hidden": {"trang {trang:q} đang ẩn, không được đọc",
				"nếu danh sách nằm ở trang này, bỏ ẩn trang (chuột phải vào tên trang → Bỏ ẩn)"},
			"no-header": {"trang {trang:q} không có dòng tiêu đề của bảng {so:q}, không được đọc", ""},
			"partial":   {"trang {trang:q} chỉ có một phần các cột của bảng {so:q}, không được đọc", ""},
			"other-year": {"trang {trang:q} là danh sách năm {nam_trang}, không phải năm {nam}: không được đọc",
				"nếu đây là danh sách đang dùng, sửa năm ở tên trang hoặc ở tiêu đề"},
		}},
	{Code: SheetConflict, Title: "Hai trang cùng một danh sách",
		Explain: "hai trang của một tệp đều là danh sách năm báo cáo và có chung các dòng: không biết trang nào đang dùng",
		Forms: map[string]Form{
			"": {"hai trang {mot:q} và {hai:q} đều là danh sách năm {nam} và có cùng các dòng ({gia_tri:q} ở dòng {dong_mot} của trang {mot:q} và dòng {dong_hai} của trang {hai:q}): không biết trang nào là bản đang dùng",
				"xóa trang cũ, hoặc ghi năm của nó vào tên trang (ví dụ {vi_du:q})"},
		}},
	{Code: HeaderSimilar, Title: "Tiêu đề cột gần giống",
		Explain: "một tiêu đề cột được nhận theo từ ngữ, không đúng nguyên văn mẫu",
		Forms: map[string]Form{
			"": {"tiêu đề cột được nhận theo từ ngữ: {cac_cot}", "nếu nhận sai, sửa tiêu đề cột cho giống mẫu"},
		}},
	{Code: Furniture, Title: "Dòng đánh số cột, tiêu đề lặp",
		Explain: "dòng đánh số cột hoặc dòng lặp lại tiêu đề bảng được bỏ qua",
		Forms: map[string]Form{
			"": {"bỏ qua các dòng đánh số cột hoặc lặp lại tiêu đề bảng, không phải dòng dữ liệu: dòng {cac_dong}", ""},
		}},
	{Code: FigureRange, Title: "Chỉ tiêu ngoài giới hạn",
		Explain: "một chỉ tiêu của báo cáo ra ngoài giới hạn có thể có (một tỷ lệ trên 100%)",
		Forms: map[string]Form{
			"": {"chỉ tiêu {chi_tieu:q} là {gia_tri}, {so_sanh} {gioi_han}: không thể có",
				"kiểm tra số liệu của các sổ tạo nên chỉ tiêu này và điều kiện lọc (filter) của nó trong tệp cấu hình"},
			"rate": {"chỉ tiêu {chi_tieu:q} là {gia_tri}, {so_sanh} {gioi_han}: không thể có",
				"tử số {tu_so:q} là {tu}, mẫu số {mau_so:q} là {mau}: kiểm tra số liệu và điều kiện lọc (filter) của hai chỉ tiêu này"},
		}},
	{Code: FigureMembers, Title: "Số hộ và số nhân khẩu không khớp",
		Explain: "một số hộ bằng 0 mà số nhân khẩu của các hộ đó khác 0, hoặc ngược lại",
		Forms: map[string]Form{
			"": {"chỉ tiêu {chi_tieu:q} là {gia_tri} nhưng {nhan_khau:q} là {so_nhan_khau}: số hộ bằng 0 khi và chỉ khi số nhân khẩu bằng 0",
				"kiểm tra điều kiện lọc (filter) của hai chỉ tiêu trong tệp cấu hình, và cột số nhân khẩu, cột phân loại hộ trong sổ"},
		}},
	{Code: FigureBalance, Title: "Số cuối năm không khớp",
		Explain: "số cuối năm không bằng số đầu năm cộng tăng trừ giảm",
		Forms: map[string]Form{
			"": {"chỉ tiêu {chi_tieu:q} là {gia_tri}, nhưng {dau:q} ({so_dau}) + {tang:q} ({so_tang}) − {giam:q} ({so_giam}) = {phai_la}",
				"số cuối năm phải bằng đầu năm cộng phát sinh trừ giảm: kiểm tra cột phân loại đầu năm, cuối năm trong sổ và điều kiện lọc (filter) của bốn chỉ tiêu"},
		}},
	{Code: FigureJump, Title: "Chỉ tiêu thay đổi bất thường",
		Explain: "một chỉ tiêu tăng hoặc giảm so với năm trước nhiều hơn mức thường gặp: nên xem lại",
		Forms: map[string]Form{
			"": {"chỉ tiêu {chi_tieu:q} là {gia_tri}, năm trước {nam_truoc}: {tang_giam} {muc}%, quá mức {muc_cho_phep}% thường gặp",
				"kiểm tra lại số liệu của năm nay; nếu đúng là thay đổi như vậy thì không cần sửa gì"},
		}},
}

// Catalog returns every entry, in the README's order.
func Catalog() []Entry { return slices.Clone(catalog) }

// Lookup returns the entry of code.
func Lookup(code string) (Entry, bool) {
	i := slices.IndexFunc(catalog, func(e Entry) bool { return e.Code == code })
	if i < 0 {
		return Entry{}, false
	}
	return catalog[i], true
}

// Title is the code's Vietnamese title, or the code itself when the
// catalogue does not have it.
func Title(code string) string {
	if e, ok := Lookup(code); ok {
		return e.Title
	}
	return code
}

// Say fills f's message and hint from the catalogue's form of f.Code,
// with args as its named fields, and keeps the args on f. A form or field
// the catalogue lacks is written as ‹name›, so a test of the outputs sees
// it; nothing is dropped.
func (f Finding) Say(form string, args Args) Finding {
	f.Form, f.Args = form, args
	e, _ := Lookup(f.Code)
	t, ok := e.Forms[form]
	if !ok {
		f.Message = "‹" + f.Code + "/" + form + "›"
		return f
	}
	f.Message, f.Hint = Fill(t.Message, args), Fill(t.Hint, args)
	return f
}

// Fill writes a template's {name} and {name:q} fields from args.
func Fill(tmpl string, args Args) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		b.WriteString(tmpl[:i])
		name, verb, _ := strings.Cut(tmpl[i+1:i+j], ":")
		v, ok := args[name]
		switch {
		case !ok:
			b.WriteString("‹" + name + "›")
		case verb == "q":
			fmt.Fprintf(&b, "%q", fmt.Sprint(v))
		default:
			fmt.Fprint(&b, v)
		}
		tmpl = tmpl[i+j+1:]
	}
}

// Fields lists the names a template uses, in order.
func Fields(tmpl string) []string {
	var out []string
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			return out
		}
		name, _, _ := strings.Cut(tmpl[i+1:i+j], ":")
		out = append(out, name)
		tmpl = tmpl[i+j+1:]
	}
}

// rules are the words of the rule a finding says did not hold, for the
// findings workbook's "Quy tắc" and the marked copies: never "type:
// integer". A type's rule is under its configured type name.
var rules = map[string]string{
	"text":            "là chữ",
	"integer":         "phải là số nguyên",
	"decimal":         "phải là số",
	"money":           "phải là số tiền (đồng)",
	"date":            "phải là ngày tháng có thật (ngày/tháng/năm)",
	"year_or_date":    "phải là năm hoặc ngày tháng có thật",
	"enum":            "phải là một trong: {cho_phep}",
	"required":        "không được để trống",
	"min":             "không được nhỏ hơn {gioi_han}",
	"max":             "không được lớn hơn {gioi_han}",
	"pattern":         "phải đúng dạng mã của cột",
	"unique":          "không được trùng trong sổ",
	"unique-together": "không được trùng cùng lúc {cac_cot}",
	"references":      "phải có trong {so}",
	"age":             "phải là số tuổi",
	"one-column":      "chỉ được ghi ở một cột",
	"members":         "phải bằng số dòng của hộ",
	"one-title":       "tiêu đề chỉ nêu một giá trị",
	"rate":            "{tu_so:q} chia cho {mau_so:q}, mẫu số khác 0",
	"figure-range":    "không được {so_sanh} {gioi_han}",
	"figure-members":  "số hộ bằng 0 khi và chỉ khi số nhân khẩu bằng 0",
	"figure-balance":  "cuối năm = đầu năm + tăng − giảm",
	"figure-jump":     "không thay đổi quá {muc_cho_phep}% so với năm trước",
}

// Rule writes the named rule in words, with its fields from args; a rule
// the catalogue lacks is written as ‹name›.
func Rule(name string, args Args) string {
	t, ok := rules[name]
	if !ok {
		return "‹" + name + "›"
	}
	return Fill(t, args)
}

// Markdown is the catalogue as the README lists it: one row a code.
func Markdown() string {
	var b strings.Builder
	b.WriteString("| mã (code) | loại lỗi | nghĩa là |\n|---|---|---|\n")
	for _, e := range catalog {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", e.Code, e.Title, strings.ReplaceAll(e.Explain, "|", `\|`))
	}
	return b.String()
}
