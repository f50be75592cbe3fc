package wxr

import (
	"testing"
	"time"

	"github.com/burg-news/burg"
)

func TestParseTime(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	kolkata := time.FixedZone("", 5*3600+1800)
	tests := []struct {
		name       string
		local, gmt string
		loc        *time.Location
		want       time.Time
		wantZone   *time.Location // nil: only the instant and the offset are checked
		wantOffset int            // seconds east of UTC of the result
	}{
		{"SummerInZone", "2024-07-01 14:30:00", "2024-07-01 12:30:00", berlin,
			time.Date(2024, 7, 1, 12, 30, 0, 0, time.UTC), berlin, 7200},
		{"WinterInZone", "2024-11-02 08:05:00", "2024-11-02 07:05:00", berlin,
			time.Date(2024, 11, 2, 7, 5, 0, 0, time.UTC), berlin, 3600},
		// The site was elsewhere than loc says: the export's own offset
		// wins, so the author's wall clock is kept.
		{"OffsetFromDates", "2024-07-01 18:00:00", "2024-07-01 12:30:00", berlin,
			time.Date(2024, 7, 1, 12, 30, 0, 0, time.UTC), nil, 5*3600 + 1800},
		{"UTCSite", "2010-10-20 14:08:20", "2010-10-20 14:08:20", berlin,
			time.Date(2010, 10, 20, 14, 8, 20, 0, time.UTC), time.UTC, 0},
		{"DraftInZone", "2024-12-01 09:00:00", "0000-00-00 00:00:00", berlin,
			time.Date(2024, 12, 1, 8, 0, 0, 0, time.UTC), berlin, 3600},
		{"DraftNoZone", "2024-12-01 09:00:00", "0000-00-00 00:00:00", nil,
			time.Date(2024, 12, 1, 9, 0, 0, 0, time.UTC), time.UTC, 0},
		{"DraftEmptyGMT", "2024-12-01 09:00:00", "", kolkata,
			time.Date(2024, 12, 1, 3, 30, 0, 0, time.UTC), kolkata, 5*3600 + 1800},
		{"OnlyGMT", "", "2024-12-01 09:00:00", berlin,
			time.Date(2024, 12, 1, 9, 0, 0, 0, time.UTC), berlin, 3600},
		{"Implausible", "2024-12-03 09:00:00", "2024-12-01 09:00:00", berlin,
			time.Date(2024, 12, 1, 9, 0, 0, 0, time.UTC), time.UTC, 0},
		{"NoSeconds", "2024-12-01 10:00", "2024-12-01 09:00", berlin,
			time.Date(2024, 12, 1, 9, 0, 0, 0, time.UTC), berlin, 3600},
		{"Nothing", "0000-00-00 00:00:00", "0000-00-00 00:00:00", berlin, time.Time{}, nil, 0},
		{"Empty", "", "", nil, time.Time{}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTime(tt.local, tt.gmt, tt.loc)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) || got.IsZero() != tt.want.IsZero() {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if _, off := got.Zone(); !got.IsZero() && off != tt.wantOffset {
				t.Errorf("offset %d, want %d", off, tt.wantOffset)
			}
			if tt.wantZone != nil && got.Location() != tt.wantZone {
				t.Errorf("zone %v, want %v", got.Location(), tt.wantZone)
			}
			if tt.name == "OffsetFromDates" && got.Format(DateLayout) != tt.local {
				t.Errorf("wall clock %s, want %s", got.Format(DateLayout), tt.local)
			}
		})
	}
}

func TestParseTimeInvalid(t *testing.T) {
	for _, tt := range []struct{ local, gmt string }{
		{"yesterday", "2024-12-01 09:00:00"},
		{"2024-12-01 09:00:00", "2024-13-01 09:00:00"},
		{"2024-02-30 09:00:00", ""},
	} {
		_, err := ParseTime(tt.local, tt.gmt, nil)
		if burg.ErrorCode(err) != burg.EINVALID {
			t.Errorf("ParseTime(%q, %q): got %v, want an EINVALID error", tt.local, tt.gmt, err)
		}
	}
	it := &Item{ID: 7, Line: 40, PostDate: "soon"}
	if _, err := it.Time(nil); err == nil || burg.ErrorCode(err) != burg.EINVALID || err.Error() == "" {
		t.Errorf("Item.Time: got %v", err)
	}
}

func TestOffset(t *testing.T) {
	tests := []struct {
		local, gmt string
		want       time.Duration
		ok         bool
	}{
		{"2024-07-01 14:30:00", "2024-07-01 12:30:00", 2 * time.Hour, true},
		{"2024-07-01 07:00:00", "2024-07-01 12:30:00", -5*time.Hour - 30*time.Minute, true},
		{"2024-07-01 14:30:00", "0000-00-00 00:00:00", 0, false},
		{"2024-07-01 14:30:07", "2024-07-01 12:30:00", 0, false},
		{"2024-07-03 14:30:00", "2024-07-01 12:30:00", 0, false},
		{"x", "2024-07-01 12:30:00", 0, false},
	}
	for _, tt := range tests {
		got, ok := Offset(tt.local, tt.gmt)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Offset(%q, %q) = %v, %v; want %v, %v", tt.local, tt.gmt, got, ok, tt.want, tt.ok)
		}
	}
}
