package extract

import (
	"fmt"
	"testing"

	"github.com/burg-news/burg"
)

func TestNormalizeURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"AlreadyCanonical", "https://www.arabnews.com/node/123/middle-east", "https://www.arabnews.com/node/123/middle-east"},
		{"LowerCaseSchemeAndHost", "HTTPS://WWW.ArabNews.COM/Node/123", "https://www.arabnews.com/Node/123"},
		{"DefaultHTTPPort", "http://example.com:80/a", "http://example.com/a"},
		{"DefaultHTTPSPort", "https://example.com:443/a", "https://example.com/a"},
		{"OtherPortKept", "https://example.com:8443/a", "https://example.com:8443/a"},
		{"HTTPSPortOnHTTPKept", "http://example.com:443/a", "http://example.com:443/a"},
		{"Fragment", "https://example.com/a#comments", "https://example.com/a"},
		{"EmptyPath", "https://example.com", "https://example.com/"},
		{"TrailingQuestionMark", "https://example.com/a?", "https://example.com/a"},
		{"TrailingDotInHost", "https://example.com./a", "https://example.com/a"},
		{"UTM", "https://example.com/a?utm_source=tw&utm_medium=social&utm_campaign=x", "https://example.com/a"},
		{"UTMUpperCase", "https://example.com/a?UTM_Source=tw&id=3", "https://example.com/a?id=3"},
		{"ClickIDs", "https://example.com/a?fbclid=IwAR0x&gclid=abc&yclid=1&msclkid=2", "https://example.com/a"},
		{"Mailchimp", "https://example.com/a?mc_cid=1&mc_eid=2", "https://example.com/a"},
		{"AnalyticsAndInstagram", "https://example.com/a?_ga=2.1&igshid=xyz&ref_src=twsrc", "https://example.com/a"},
		{"KeepOthersInOrder", "https://example.com/a?z=1&utm_source=x&a=2&b=&c", "https://example.com/a?z=1&a=2&b=&c"},
		{"KeepEscapes", "https://example.com/buscar?q=caf%C3%A9+con+leche&fbclid=1", "https://example.com/buscar?q=caf%C3%A9+con+leche"},
		{"KeepRepeated", "https://example.com/a?tag=x&tag=y", "https://example.com/a?tag=x&tag=y"},
		{"EmptyParts", "https://example.com/a?&&id=1&&", "https://example.com/a?id=1"},
		{"UserInfoDropped", "https://user:secret@example.com/a", "https://example.com/a"},
		{"PathEscapesKept", "https://example.com/a%20b/%D1%82", "https://example.com/a%20b/%D1%82"},
		{"NoScheme", "www.example.com/news/1", "https://www.example.com/news/1"},
		{"NoSchemeWithPort", "example.com:8080/news", "https://example.com:8080/news"},
		{"SchemeRelative", "//example.com/news", "https://example.com/news"},
		{"Spaces", "  https://example.com/a  ", "https://example.com/a"},
		{"IDN", "https://пример.рф/новости", "https://xn--e1afmkfd.xn--p1ai/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8"},
		{"IPv6", "http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x"},
		{"Underscore", "https://my_blog.example.com/", "https://my_blog.example.com/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeURL(tt.in)
			if err != nil {
				t.Fatalf("NormalizeURL(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("NormalizeURL(%q): got %q, want %q", tt.in, got, tt.want)
			}
			again, err := NormalizeURL(got)
			if err != nil || again != got {
				t.Errorf("not idempotent: %q -> %q (%v)", got, again, err)
			}
		})
	}
}

func TestNormalizeURLRefuses(t *testing.T) {
	for _, in := range []string{
		"",
		"   ",
		"ftp://example.com/file",
		"file:///etc/passwd",
		"javascript:alert(1)",
		"mailto:editor@example.com",
		"data:text/html,<p>hi</p>",
		"https://",
		"http:///path",
		"https://exa mple.com/",
		"http://[::1/",
		"notaurl",
		"not a url",
	} {
		t.Run(in, func(t *testing.T) {
			got, err := NormalizeURL(in)
			if err == nil {
				t.Fatalf("NormalizeURL(%q): got %q, want an error", in, got)
			}
			if got, want := burg.ErrorCode(err), burg.EINVALID; got != want {
				t.Errorf("code: got %q, want %q", got, want)
			}
		})
	}
}

// TestNormalizeURLNotAnAddress: a word typed without a scheme is no web
// address, and says so, rather than failing later as a name no site
// answers to.
func TestNormalizeURLNotAnAddress(t *testing.T) {
	_, err := NormalizeURL("notaurl")
	if got, want := burg.ErrorMessage(err), fmt.Sprintf(msgNotURL, "notaurl"); got != want {
		t.Errorf("message: got %q, want %q", got, want)
	}
	for _, ok := range []string{"localhost:8080/x", "127.0.0.1/x", "https://intranet/x", "example.org"} {
		if _, err := NormalizeURL(ok); err != nil {
			t.Errorf("NormalizeURL(%q): %v", ok, err)
		}
	}
}

func TestSourceTag(t *testing.T) {
	table := map[string]string{
		"kavkaz-uzel.eu":   "KavkazUzel",
		"www.rferl.org":    "RFE/RL",
		"bbc.com":          "BBC",
		"news.example.org": "ExampleNews",
		"example.org":      "Example",
	}
	tests := []struct {
		name, in, want string
	}{
		{"Registrable", "https://www.arabnews.com/x", "ARABNEWS"},
		{"MultiLabelSuffix", "https://news.bbc.co.uk/", "BBC"},
		{"DeepSubdomain", "https://en.m.wikipedia.org/wiki/Burg", "WIKIPEDIA"},
		{"Hyphen", "https://www.the-star.example.co.za/story", "EXAMPLE"},
		{"TableParent", "https://www.kavkaz-uzel.eu/articles/401234/", "KavkazUzel"},
		{"TableWWWKey", "https://rferl.org/a/x.html", "RFE/RL"},
		{"TableExact", "https://bbc.com/news", "BBC"},
		{"TableClosestWins", "https://news.example.org/a", "ExampleNews"},
		{"TableParentOfOther", "https://www.example.org/a", "Example"},
		{"NotInTable", "https://www.aljazeera.com/news/", "ALJAZEERA"},
		{"UpperCaseHost", "HTTPS://WWW.ARABNEWS.COM/x", "ARABNEWS"},
		{"PrivateSuffix", "https://someone.github.io/post", "SOMEONE"},
		{"NoScheme", "lenta.ru/news/2024/01/01/x/", "LENTA"},
		{"IDN", "https://новости.пример.рф/", "ПРИМЕР"},
		{"IP", "http://203.0.113.7/a", "203.0.113.7"},
		{"Bad", "::", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SourceTag(tt.in, table); got != tt.want {
				t.Errorf("SourceTag(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	t.Run("NilTable", func(t *testing.T) {
		if got, want := SourceTag("https://www.kavkaz-uzel.eu/a", nil), "KAVKAZ-UZEL"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}
