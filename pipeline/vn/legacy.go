package vn

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Legacy is a pre-Unicode Vietnamese encoding that old workbooks still
// hold: the text was typed with a font that draws Latin-1 codes as
// Vietnamese letters, so a spreadsheet shows "Hé nghÌo" (TCVN3, .VnTime)
// or "Hoä ngheøo" (VNI, VNI-Times) where the clerk saw "Hộ nghèo".
type Legacy int

const (
	Unicode Legacy = iota
	TCVN3          // TCVN 5712:1993, the ABC fonts (.VnTime, .VnArial…)
	VNI            // the VNI fonts (VNI-Times…)
)

func (l Legacy) String() string {
	switch l {
	case TCVN3:
		return "TCVN3"
	case VNI:
		return "VNI"
	}
	return "Unicode"
}

// tcvn3 maps each TCVN3 code (read as Latin-1) to its letter.
var tcvn3 = map[rune]rune{
	'¡': 'Ă', '¢': 'Â', '£': 'Ê', '¤': 'Ô', '¥': 'Ơ', '¦': 'Ư', '§': 'Đ',
	'¨': 'ă', '©': 'â', 'ª': 'ê', '«': 'ô', '¬': 'ơ', '\u00ad': 'ư', '®': 'đ',
	'µ': 'à', '¶': 'ả', '·': 'ã', '¸': 'á', '¹': 'ạ',
	'»': 'ằ', '¼': 'ẳ', '½': 'ẵ', '¾': 'ắ', 'Æ': 'ặ',
	'Ç': 'ầ', 'È': 'ẩ', 'É': 'ẫ', 'Ê': 'ấ', 'Ë': 'ậ',
	'Ì': 'è', 'Î': 'ẻ', 'Ï': 'ẽ', 'Ð': 'é', 'Ñ': 'ẹ',
	'Ò': 'ề', 'Ó': 'ể', 'Ô': 'ễ', 'Õ': 'ế', 'Ö': 'ệ',
	'×': 'ì', 'Ø': 'ỉ', 'Ü': 'ĩ', 'Ý': 'í', 'Þ': 'ị',
	'ß': 'ò', 'á': 'ỏ', 'â': 'õ', 'ã': 'ó', 'ä': 'ọ',
	'å': 'ồ', 'æ': 'ổ', 'ç': 'ỗ', 'è': 'ố', 'é': 'ộ',
	'ê': 'ờ', 'ë': 'ở', 'ì': 'ỡ', 'í': 'ớ', 'î': 'ợ',
	'ï': 'ù', 'ñ': 'ủ', 'ò': 'ũ', 'ó': 'ú', 'ô': 'ụ',
	'õ': 'ừ', 'ö': 'ử', '÷': 'ữ', 'ø': 'ứ', 'ù': 'ự',
	'ú': 'ỳ', 'û': 'ỷ', 'ü': 'ỹ', 'ý': 'ý', 'þ': 'ỵ',
}

// tcvn3Only are codes no Unicode Vietnamese text and no VNI text holds.
const tcvn3Only = "¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾ÇËÐ×ÝÞß÷þ"

// vni maps VNI sequences (a base letter and its mark codes, or one code)
// to letters; two-code sequences are tried first.
var vni = func() map[string]string {
	m := map[string]string{"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
		"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ"}
	// marks after a base: acute, grave, hook, tilde, dot
	tones := []string{"ù", "ø", "û", "õ", "ï"}
	tonesU := []string{"Ù", "Ø", "Û", "Õ", "Ï"}
	add := func(base string, lower []string, upper []string, out [2][]string) {
		for i := range lower {
			m[base+lower[i]] = out[0][i]
			m[strings.ToUpper(base)+upper[i]] = out[1][i]
		}
	}
	// plain vowels and ơ, ư take the five tone codes
	for _, v := range []struct{ base, lower, upper string }{
		{"a", "áàảãạ", "ÁÀẢÃẠ"}, {"e", "éèẻẽẹ", "ÉÈẺẼẸ"}, {"o", "óòỏõọ", "ÓÒỎÕỌ"},
		{"u", "úùủũụ", "ÚÙỦŨỤ"}, {"y", "ýỳỷỹ", "ÝỲỶỸ"}, {"ô", "ớờởỡợ", "ỚỜỞỠỢ"}, {"ö", "ứừửữự", "ỨỪỬỮỰ"},
	} {
		lo, up := split(v.lower), split(v.upper)
		n := len(lo)
		if v.base == "ô" || v.base == "ö" {
			for i := range n {
				m[v.base+tones[i]] = lo[i]
				m[strings.ToUpper(v.base)+tonesU[i]] = up[i]
			}
			continue
		}
		add(v.base, tones[:n], tonesU[:n], [2][]string{lo, up})
	}
	// circumflex (â ê ô) and breve (ă) carry their tone in one code
	circ := []string{"â", "á", "à", "å", "ã", "ä"}
	circU := []string{"Â", "Á", "À", "Å", "Ã", "Ä"}
	for _, v := range []struct{ base, lower, upper string }{
		{"a", "âấầẩẫậ", "ÂẤẦẨẪẬ"}, {"e", "êếềểễệ", "ÊẾỀỂỄỆ"}, {"o", "ôốồổỗộ", "ÔỐỒỔỖỘ"},
	} {
		add(v.base, circ, circU, [2][]string{split(v.lower), split(v.upper)})
	}
	add("a", []string{"ê", "é", "è", "ú", "ü", "ë"}, []string{"Ê", "É", "È", "Ú", "Ü", "Ë"},
		[2][]string{split("ăắằẳẵặ"), split("ĂẮẰẲẴẶ")})
	return m
}()

func split(s string) []string {
	var out []string
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}

// Decode converts text in a legacy encoding to Unicode NFC.
func Decode(s string, l Legacy) string {
	switch l {
	case TCVN3:
		return strings.Map(func(r rune) rune {
			if u, ok := tcvn3[r]; ok {
				return u
			}
			return r
		}, s)
	case VNI:
		var b strings.Builder
		rs := []rune(s)
		for i := 0; i < len(rs); i++ {
			if i+1 < len(rs) {
				if u, ok := vni[string(rs[i:i+2])]; ok {
					b.WriteString(u)
					i++
					continue
				}
			}
			if u, ok := vni[string(rs[i])]; ok {
				b.WriteString(u)
				continue
			}
			b.WriteRune(rs[i])
		}
		return b.String()
	}
	return s
}

// FontLegacy tells the encoding a font name implies: ".VnTime", ".VnArialH"
// are TCVN3, "VNI-Times" is VNI. upper reports a TCVN3 capitals font
// (".VnTimeH"), which draws lower-case codes as capitals.
func FontLegacy(font string) (l Legacy, upper bool) {
	f := strings.TrimSpace(font)
	switch {
	case strings.HasPrefix(strings.ToLower(f), ".vn"):
		return TCVN3, strings.HasSuffix(f, "H")
	case strings.HasPrefix(strings.ToUpper(f), "VNI"):
		return VNI, false
	}
	return Unicode, false
}

// Guess decides from the texts of one column whether they are TCVN3 or
// VNI: text with letters beyond Latin-1 is Unicode; codes only TCVN3
// uses, or VNI's vowel-and-mark pairs, must be common enough.
func Guess(texts []string) Legacy {
	var t3, v, n int
	for _, s := range texts {
		if s == "" || isASCII(s) {
			continue
		}
		for _, r := range s {
			if r > 0xff {
				return Unicode
			}
		}
		n++
		if strings.ContainsAny(s, tcvn3Only) {
			t3++
		}
		if hasVNIPair(s) {
			v++
		}
	}
	switch {
	case n == 0:
		return Unicode
	case t3*2 >= n && t3 >= v:
		return TCVN3
	case v*2 >= n:
		return VNI
	}
	return Unicode
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// hasVNIPair reports a vowel followed by a VNI mark code, or VNI's đ/ơ/ư codes after a consonant.
func hasVNIPair(s string) bool {
	rs := []rune(s)
	for i := 0; i+1 < len(rs); i++ {
		if _, ok := vni[string(rs[i:i+2])]; ok && unicode.IsLetter(rs[i]) && rs[i] < 0x80 {
			return true
		}
	}
	return false
}
