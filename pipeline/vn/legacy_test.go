package vn

import "testing"

func TestDecode(t *testing.T) {
	tests := []struct {
		in   string
		l    Legacy
		want string
	}{
		{"Céng hoµ x· héi chñ nghÜa ViÖt Nam", TCVN3, "Cộng hoà xã hội chủ nghĩa Việt Nam"},
		{"Hé nghÌo", TCVN3, "Hộ nghèo"},
		{"§Æng Ngäc ¸nh", TCVN3, "Đặng Ngọc ánh"},
		{"Tr\u00ad¬ng ThÞ Hßa", TCVN3, "Trương Thị Hòa"},
		{"Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", VNI, "Cộng hòa xã hội chủ nghĩa Việt Nam"},
		{"Nguyeãn Ñöùc Thaéng", VNI, "Nguyễn Đức Thắng"},
		{"Tröông Thò Hoøa", VNI, "Trương Thị Hòa"},
		{"NGUYEÃN VAÊN AÙNH", VNI, "NGUYỄN VĂN ÁNH"},
		{"ôû ñaây", VNI, "ở đây"},
		{"Hộ nghèo", Unicode, "Hộ nghèo"},
	}
	for _, tt := range tests {
		if got := Decode(tt.in, tt.l); got != tt.want {
			t.Errorf("Decode(%q, %v) = %q, want %q", tt.in, tt.l, got, tt.want)
		}
	}
}

func TestGuess(t *testing.T) {
	tests := []struct {
		texts []string
		want  Legacy
	}{
		{[]string{"Hé nghÌo", "CËn nghÌo", "Kh«ng"}, TCVN3},
		{[]string{"Nguyeãn Vaên An", "Leâ Thò Hoa", "Traàn Bình"}, VNI},
		{[]string{"Nguyễn Văn An", "Lê Thị Hoa"}, Unicode},
		{[]string{"André", "José", "Zoë"}, Unicode},
		{[]string{"H001", "H002"}, Unicode},
		{nil, Unicode},
	}
	for _, tt := range tests {
		if got := Guess(tt.texts); got != tt.want {
			t.Errorf("Guess(%q) = %v, want %v", tt.texts, got, tt.want)
		}
	}
	if l, up := FontLegacy(".VnTimeH"); l != TCVN3 || !up {
		t.Error(".VnTimeH")
	}
	if l, _ := FontLegacy("VNI-Times"); l != VNI {
		t.Error("VNI-Times")
	}
	if l, _ := FontLegacy("Times New Roman"); l != Unicode {
		t.Error("Times New Roman")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add("Céng hoµ x· héi", "Coäng hoøa")
	f.Fuzz(func(t *testing.T, a, b string) {
		Decode(a, TCVN3)
		Decode(b, VNI)
		Guess([]string{a, b})
	})
}
