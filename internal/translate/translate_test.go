package translate

import (
	"context"
	"errors"
	"testing"
)

func TestNote(t *testing.T) {
	tests := []struct{ engine, want string }{
		{"Apertium", "Direct translation via Apertium. Edited."},
		{"LibreTranslate", "Direct translation via LibreTranslate. Edited."},
	}
	for _, tt := range tests {
		if got := Note(tt.engine); got != tt.want {
			t.Errorf("Note(%q): got %q, want %q", tt.engine, got, tt.want)
		}
	}
	if got, want := Note(NewApertium(ApertiumConfig{}).Name()), "Direct translation via Apertium. Edited."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// stubEngine is an Engine with fixed pairs, for testing Available.
type stubEngine struct {
	name  string
	pairs []Pair
	err   error
}

func (s stubEngine) Name() string                          { return s.name }
func (s stubEngine) Pairs(context.Context) ([]Pair, error) { return s.pairs, s.err }
func (s stubEngine) Translate(context.Context, string, string, string) (string, error) {
	return "", nil
}

func TestAvailable(t *testing.T) {
	broken := errors.New("connection refused")
	offers, err := Available(t.Context(),
		stubEngine{name: "None"},
		nil,
		stubEngine{name: "Broken", err: broken},
		stubEngine{name: "Local", pairs: []Pair{{"es", "en"}, {"en", "es"}}},
		stubEngine{name: "Remote", pairs: []Pair{{"ru", "en"}, {"es-ES", "en"}}},
		NewLibreTranslate(LibreTranslateConfig{}),
	)
	if !errors.Is(err, broken) {
		t.Errorf("err: got %v, want it to include %v", err, broken)
	}
	var names []string
	for _, o := range offers {
		names = append(names, o.Engine.Name())
	}
	if got, want := len(names), 2; got != want || names[0] != "Local" || names[1] != "Remote" {
		t.Fatalf("offers: got %v, want [Local Remote]", names)
	}

	tests := []struct {
		from, to string
		want     string // engine name, "" for none
	}{
		{"es", "en", "Local"},
		{"es-MX", "en-GB", "Local"},
		{"spa", "eng", "Local"},
		{"ru", "en", "Remote"},
		{"en", "ru", ""},
		{"ar", "en", ""},
		{"", "en", ""},
	}
	for _, tt := range tests {
		e, ok := Pick(offers, tt.from, tt.to)
		got := ""
		if ok {
			got = e.Name()
		}
		if got != tt.want {
			t.Errorf("Pick(%q, %q): got %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}
