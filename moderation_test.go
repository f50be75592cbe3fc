package burg_test

import (
	"testing"

	burg "github.com/burg-news/burg"
)

func TestSourceKey(t *testing.T) {
	tests := []struct {
		name, a, b string
	}{
		{"WWWAndTrailingSlash", "https://kavkaz-uzel.eu/articles/400001", "https://www.kavkaz-uzel.eu/articles/400001/"},
		{"Scheme", "http://example.org/a", "https://example.org/a"},
		{"DefaultPorts", "http://example.org:80/a", "https://example.org:443/a"},
		{"Fragment", "https://example.org/a#comments", "https://example.org/a"},
		{"HostCase", "https://EXAMPLE.org/a", "https://example.org/a"},
		{"Tracking", "https://example.org/a?utm_source=x&id=3&fbclid=y", "https://example.org/a?id=3"},
		{"UserInfo", "https://someone@example.org/a", "https://example.org/a"},
		{"TrailingDot", "https://example.org./a", "https://example.org/a"},
		{"RootPath", "https://example.org", "https://www.example.org/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ka, kb := burg.SourceKey(tt.a), burg.SourceKey(tt.b)
			if ka == "" || ka != kb {
				t.Errorf("SourceKey(%q) = %q, SourceKey(%q) = %q; want equal and not empty", tt.a, ka, tt.b, kb)
			}
		})
	}
	for _, pair := range [][2]string{
		{"https://example.org/a", "https://example.org/b"},
		{"https://example.org/a?id=1", "https://example.org/a?id=2"},
		{"https://example.org/A", "https://example.org/a"},
		{"https://example.org:8080/a", "https://example.org/a"},
		{"https://news.example.org/a", "https://example.org/a"},
	} {
		if burg.SourceKey(pair[0]) == burg.SourceKey(pair[1]) {
			t.Errorf("%q and %q share the key %q", pair[0], pair[1], burg.SourceKey(pair[0]))
		}
	}
	for _, bad := range []string{"", "ftp://example.org/x", "javascript:alert(1)", "https://"} {
		if k := burg.SourceKey(bad); k != "" {
			t.Errorf("SourceKey(%q) = %q, want \"\"", bad, k)
		}
	}
}

func TestAddrKeys(t *testing.T) {
	if got, want := burg.AddrKey("192.0.2.1"), burg.AddrKey("::ffff:192.0.2.1"); got != want || len(got) != 32 {
		t.Errorf("AddrKey: %q and %q", got, want)
	}
	if burg.AddrKey("nonsense") != "" {
		t.Error("a bad address has a key")
	}
	tests := []struct {
		net        string
		in, out    []string
		wantPrefix string
	}{
		{"203.0.113.0/24", []string{"203.0.113.0", "203.0.113.7", "203.0.113.255"}, []string{"203.0.112.255", "203.0.114.0", "2001:db8::1"}, "203.0.113.0/24"},
		{"203.0.113.77", []string{"203.0.113.77"}, []string{"203.0.113.76", "203.0.113.78"}, "203.0.113.77/32"},
		{"203.0.113.77/20", []string{"203.0.112.1", "203.0.127.254"}, []string{"203.0.128.0"}, "203.0.112.0/20"},
		{"2001:db8:aa::/48", []string{"2001:db8:aa::1", "2001:db8:aa:ffff::1"}, []string{"2001:db8:ab::1", "203.0.113.1"}, "2001:db8:aa::/48"},
		{"0.0.0.0/0", []string{"1.2.3.4", "255.255.255.255"}, []string{"::1"}, "0.0.0.0/0"},
		{"::ffff:198.51.100.0/120", []string{"198.51.100.9"}, []string{"198.51.101.9"}, "198.51.100.0/24"},
	}
	for _, tt := range tests {
		p, err := burg.ParseNet(tt.net)
		if err != nil {
			t.Fatalf("ParseNet(%q): %v", tt.net, err)
		}
		if p.String() != tt.wantPrefix {
			t.Errorf("ParseNet(%q) = %s, want %s", tt.net, p, tt.wantPrefix)
		}
		lo, hi := burg.PrefixKeys(p)
		for _, a := range tt.in {
			if k := burg.AddrKey(a); k < lo || k > hi {
				t.Errorf("%s not within %s: %s not in [%s, %s]", a, tt.net, k, lo, hi)
			}
		}
		for _, a := range tt.out {
			if k := burg.AddrKey(a); k >= lo && k <= hi {
				t.Errorf("%s within %s", a, tt.net)
			}
		}
	}
	if _, err := burg.ParseNet("203.0.113.0/33"); burg.ErrorCode(err) != burg.EINVALID {
		t.Errorf("ParseNet of a bad network: %v", err)
	}
}

func TestNetwork(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.77": "203.0.113.0/24", "::ffff:203.0.113.77": "203.0.113.0/24",
		"2001:db8:1:2::3": "2001:db8:1::/48", "bad": "",
	} {
		if got := burg.Network(in); got != want {
			t.Errorf("Network(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTextKey(t *testing.T) {
	a := burg.TextKey("Cheap pills at the harbour market, ask for Ouma!")
	b := burg.TextKey("  cheap PILLS at the harbour-market ask for ouma ")
	if a == "" || a != b {
		t.Errorf("TextKey: %q and %q", a, b)
	}
	if burg.TextKey("Thanks!") != "" {
		t.Error("a short text has a key")
	}
	if a == burg.TextKey("Cheap pills at the harbour market, ask for Oumb!") {
		t.Error("different texts share a key")
	}
}
