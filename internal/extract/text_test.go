package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecode(t *testing.T) {
	ru := readFixture(t, "ru_cp1251.html")
	ruUndeclared := bytes.Replace(ru, []byte(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">`), nil, 1)
	if bytes.Equal(ru, ruUndeclared) {
		t.Fatal("fixture lost its meta tag")
	}
	fr := readFixture(t, "fr_latin1.html")
	frCP1252, _ := charmap.Windows1252.NewEncoder().String("à cœur d’été")
	koi8, _ := charmap.KOI8R.NewEncoder().String("<p>Новости дня</p>")

	tests := []struct {
		name        string
		body        []byte
		contentType string
		want        string
	}{
		{"HeaderCharset", ru, "text/html; charset=windows-1251", "открыли новый мост"},
		{"MetaHTTPEquiv", ru, "text/html", "открыли новый мост"},
		{"UndeclaredCyrillicGuess", ruUndeclared, "text/html", "открыли новый мост"},
		{"MetaAfterFirstKilobyte", fr, "", "Grève des éboueurs"},
		{"Latin1IsWindows1252", []byte(frCP1252), "text/html; charset=iso-8859-1", "à cœur d’été"},
		{"HeaderWinsOverMeta", []byte(`<meta charset="utf-8"><p>` + koi8), "text/html; charset=koi8-r", "Новости дня"},
		{"MetaCharsetAttribute", []byte(`<!doctype html><meta charset="koi8-r">` + koi8), "text/html", "Новости дня"},
		{"UTF8BOM", append([]byte("\xEF\xBB\xBF"), []byte("<p>Ünïcödé</p>")...), "text/html; charset=windows-1252", "<p>Ünïcödé</p>"},
		{"UndeclaredUTF8", []byte(strings.Repeat("<!-- padding -->", 100) + "<p>café ñandú</p>"), "", "café ñandú"},
		{"UnknownLabelIgnored", []byte("<p>café</p>"), "text/html; charset=x-no-such-thing", "café"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decode(tt.body, tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(got), tt.want) {
				t.Errorf("decoded text lacks %q", tt.want)
			}
			if bytes.HasPrefix(got, []byte("\xEF\xBB\xBF")) {
				t.Error("byte order mark kept")
			}
		})
	}
}

func TestDetectLang(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"Arabic", "قالت الحكومة إن المحادثات ستستأنف الأسبوع المقبل في القاهرة", "ar"},
		{"Persian", "وزارت امور خارجه ایران روز پنجشنبه اعلام کرد که گفتگوها ادامه پیدا می‌کند", "fa"},
		{"Urdu", "وزیر اعظم نے کہا کہ حکومت اگلے ہفتے نئے بجٹ کا اعلان کرے گی اور ٹیکس میں کمی ہوگی", "ur"},
		{"Russian", "Правительство объявило, что переговоры возобновятся на следующей неделе в Москве", "ru"},
		{"Ukrainian", "Уряд оголосив, що переговори відновляться наступного тижня у Києві, і їхні учасники є готові", "uk"},
		{"Hebrew", "הממשלה הודיעה כי השיחות יתחדשו בשבוע הבא בירושלים", "he"},
		{"Greek", "Η κυβέρνηση ανακοίνωσε ότι οι συνομιλίες θα συνεχιστούν την επόμενη εβδομάδα", "el"},
		{"Georgian", "მთავრობამ განაცხადა, რომ მოლაპარაკებები მომავალ კვირას განახლდება", "ka"},
		{"English", "The government said on Tuesday that the talks would resume next week in Geneva, and that both sides were ready.", "en"},
		{"Spanish", "El gobierno anunció el martes que las conversaciones se reanudarán la próxima semana en Ginebra y que ambas partes están dispuestas.", "es"},
		{"French", "Le gouvernement a annoncé mardi que les négociations reprendront la semaine prochaine à Genève et que les deux parties sont prêtes.", "fr"},
		{"German", "Die Regierung hat am Dienstag angekündigt, dass die Gespräche in der nächsten Woche in Genf wieder aufgenommen werden und beide Seiten bereit sind.", "de"},
		{"Italian", "Il governo ha annunciato martedì che i negoziati riprenderanno la prossima settimana a Ginevra e che entrambe le parti sono pronte, anche per il resto della stagione.", "it"},
		{"Portuguese", "O governo anunciou na terça-feira que as negociações serão retomadas na próxima semana em Genebra e que as duas partes também estão prontas, segundo a agência.", "pt"},
		{"Turkish", "Hükümet salı günü yaptığı açıklamada, görüşmelerin gelecek hafta Cenevre'de yeniden başlayacağını ve iki tarafın da bu konuda hazır olduğunu söyledi. Bu karar çok daha önemli bir adım olarak görülüyor.", "tr"},
		{"TooShort", "OK", ""},
		{"Numbers", "2024 — 12:30 — 45%", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectLang(tt.text); got != tt.want {
				t.Errorf("detectLang(%q): got %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestPrimaryTag(t *testing.T) {
	tests := []struct{ in, want string }{
		{"es", "es"},
		{"es-ES", "es"},
		{"es_ES", "es"},
		{"pt-BR", "pt"},
		{"EN-gb", "en"},
		{"zh-Hant-TW", "zh"},
		{"spa", "es"},
		{" ar ", "ar"},
		{"", ""},
		{"und", ""},
		{"x-default", ""},
		{"123", ""},
	}
	for _, tt := range tests {
		if got := primaryTag(tt.in); got != tt.want {
			t.Errorf("primaryTag(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2024-03-12T08:45:00+01:00", time.Date(2024, 3, 12, 7, 45, 0, 0, time.UTC)},
		{"2024-03-12T08:45:00.123Z", time.Date(2024, 3, 12, 8, 45, 0, 123e6, time.UTC)},
		{"2024-03-12T08:45:00+0100", time.Date(2024, 3, 12, 7, 45, 0, 0, time.UTC)},
		{"2024-03-12T08:45+01:00", time.Date(2024, 3, 12, 7, 45, 0, 0, time.UTC)},
		{"2024-03-12T08:45:00", time.Date(2024, 3, 12, 8, 45, 0, 0, time.UTC)},
		{"2024-03-12 08:45:00", time.Date(2024, 3, 12, 8, 45, 0, 0, time.UTC)},
		{"2024-03-12", time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)},
		{"Tue, 12 Mar 2024 08:45:00 +0100", time.Date(2024, 3, 12, 7, 45, 0, 0, time.UTC)},
		{"yesterday", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		got, _ := parseTime(tt.in)
		if !got.Equal(tt.want) {
			t.Errorf("parseTime(%q): got %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	in := "  First  line\u00a0here.\n\n\n\tSecond\n  Third \t cell\n\n"
	if got, want := paragraphs(in), "First line here.\n\nSecond\n\nThird cell"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
