package nick

import "testing"

func TestOffensive(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Thistlewood", false},
		{"Glolurong", false},
		{"Grassby", false},   // "ass" is blocked only as a whole word
		{"Titmarsh", false},  // so is "tit"
		{"Ass", true},        // as a whole word
		{"Shitwood", true},   // a fragment anywhere
		{"Fuckley", true},    // whatever the case
		{"SH1TWOOD", true},   // digits read as letters
		{"Brapeton", true},   // the list errs on the side of blocking
		{"Scunthorpe", true}, // famously
		{"Dickens", true},    // and so here
		{"Raccoonby", false}, // "coon" is whole-word only
		{"Coon", true},
		{"", false},
	}
	for _, tt := range tests {
		if got := offensive(tt.in); got != tt.want {
			t.Errorf("offensive(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
