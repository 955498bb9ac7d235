package finding

import "testing"

func TestPlaceAndSort(t *testing.T) {
	l := List{
		{Register: "b", File: "b.xlsx", Sheet: "DS", Row: 10, Cell: "C10", Code: TypeError, Level: Error, Message: "m"},
		{Register: "b", File: "b.xlsx", Sheet: "DS", Row: 9, Cell: "AA9", Code: Unique, Level: Warning},
		{Register: "b", File: "b.xlsx", Sheet: "DS", Row: 9, Cell: "B9", Code: Unique, Level: Error},
		{Register: "a", File: "a.csv", Row: 3, Level: Info},
		{Register: "c", Level: Error},
	}
	places := []string{}
	for _, f := range l.Sorted() {
		places = append(places, f.Place())
	}
	want := []string{"a.csv!dòng 3", "b.xlsx!DS!B9", "b.xlsx!DS!AA9", "b.xlsx!DS!C10", "c"}
	for i := range want {
		if places[i] != want[i] {
			t.Fatalf("sorted places = %v, want %v", places, want)
		}
	}
	if l.Count(Error) != 3 || l.Count(Warning) != 1 {
		t.Error("counts")
	}
	if got := l[0].Error(); got != "b.xlsx!DS!C10: lỗi [type-error] m" {
		t.Errorf("Error() = %q", got)
	}
}
