package pdf

import (
	"strings"
	"testing"

	"asxh/pipeline/finding"
)

// TestCharactersAboveBMP: an emoji or a CJK Extension B character
// anywhere in the document (title, body, table label, signer, recipients)
// is drawn as the substitute; the PDF library never panics.
func TestCharactersAboveBMP(t *testing.T) {
	d := testDoc(3, true)
	d.Subject += " 😀"
	d.Body[1].Text = "Hộ ông Nguyễn Văn 𠀋 (tên có chữ Hán mở rộng B) và 👨‍👩‍👧 gia đình. " + d.Body[1].Text
	d.Appendix.Tables[0].Rows[1].Label = "Tổ 2 🏠"
	d.Signer.Name = "Nguyễn Văn A 🙂"
	d.Recipients = append(d.Recipients, "Đảng ủy 🇻🇳")
	text := pdftotext(t, render(t, d), "-")
	for _, want := range []string{"Kết quả thực hiện □", "Nguyễn Văn □", "Tổ 2 □", "Nguyễn Văn A □", "Đảng ủy □□"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

func TestCheckSource(t *testing.T) {
	fs := CheckSource("config.yaml", []byte("vars:\n  mo_dau: Năm 2020 😀 tốt\n  ok: không sao\n  b: 𠀋\n"))
	if len(fs) != 2 || fs[0].Row != 2 || fs[1].Row != 4 || fs[0].Level != finding.Warning || fs[0].Place() != "config.yaml!dòng 2" ||
		!strings.Contains(fs[0].Message, "U+1F600") || !strings.Contains(fs[0].Message, "□") {
		t.Errorf("findings = %v", fs)
	}
}
