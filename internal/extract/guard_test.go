package extract

import (
	"net/netip"
	"testing"
)

func TestPublicAddr(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"93.184.216.34", true},
		{"8.8.8.8", true},
		{"2606:4700:4700::1111", true},
		{"64:ff9b::808:808", true}, // NAT64 of 8.8.8.8
		{"2002:808:808::1", true},  // 6to4 of 8.8.8.8

		{"127.0.0.1", false},
		{"127.255.255.254", false},
		{"::1", false},
		{"10.0.0.1", false},
		{"172.16.5.4", false},
		{"172.31.255.255", false},
		{"192.168.0.1", false},
		{"fc00::1", false},
		{"fd12:3456::1", false},
		{"169.254.169.254", false},
		{"169.254.0.1", false},
		{"fe80::1", false},
		{"fe80::1%eth0", false},
		{"0.0.0.0", false},
		{"0.1.2.3", false},
		{"::", false},
		{"224.0.0.1", false},
		{"239.255.255.250", false},
		{"ff02::1", false},
		{"100.64.0.1", false},
		{"100.127.255.254", false},
		{"255.255.255.255", false},
		{"240.0.0.1", false},
		{"198.18.0.1", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false},
		{"::ffff:169.254.169.254", false},
		{"::ffff:100.64.0.1", false},
		{"::127.0.0.1", false},
		{"64:ff9b::7f00:1", false},    // NAT64 of 127.0.0.1
		{"64:ff9b::a9fe:a9fe", false}, // NAT64 of 169.254.169.254
		{"2002:a00:1::1", false},      // 6to4 of 10.0.0.1
		{"2001:db8::1", false},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			a := netip.MustParseAddr(tt.addr)
			if got := PublicAddr(a); got != tt.want {
				t.Errorf("PublicAddr(%s): got %v, want %v", tt.addr, got, tt.want)
			}
		})
	}
}

func TestCheckDial(t *testing.T) {
	f := New(Config{})
	tests := []struct {
		network, address string
		ok               bool
	}{
		{"tcp", "93.184.216.34:443", true},
		{"tcp6", "[2606:4700:4700::1111]:80", true},
		{"tcp", "127.0.0.1:80", false},
		{"tcp6", "[::ffff:192.168.1.1]:80", false},
		{"udp", "93.184.216.34:53", false},
		{"tcp", "not-an-address", false},
	}
	for _, tt := range tests {
		err := f.checkDial(tt.network, tt.address)
		if got := err == nil; got != tt.ok {
			t.Errorf("checkDial(%s, %s): got %v, want ok=%v", tt.network, tt.address, err, tt.ok)
		}
	}
}
