package sitefile

import (
	"bytes"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

func write(t *testing.T, recs ...*burg.SiteRecord) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := NewWriter(&b, Header{Schema: 9})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWrite(t *testing.T) {
	at := time.Date(2026, 11, 30, 9, 41, 7, 250001000, time.FixedZone("X", 3600))
	got := string(write(t, &burg.SiteRecord{Type: "post", Fields: []burg.SiteField{
		{Name: "id", Value: int64(7)}, {Name: "title", Value: `Quotes "and" <tags>`}, {Name: "posted_at", Value: at},
		{Name: "deleted_at", Value: nil}, {Name: "disabled", Value: true}, {Name: "raw", Value: []byte{0, 255}},
	}}))
	want := `{"type":"header","format":"burg-export","version":1,"schema":9,"secrets":false}
{"type":"post","id":7,"title":"Quotes \"and\" \u003ctags\u003e","posted_at":"2026-11-30T08:41:07.250001Z","deleted_at":null,"disabled":true,"raw":"AP8="}
{"type":"end","records":1}
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func readAll(t *testing.T, b []byte) ([]*burg.SiteRecord, *Reader, error) {
	t.Helper()
	r, _, err := NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, nil, err
	}
	var out []*burg.SiteRecord
	for {
		rec, err := r.Next()
		if err != nil || rec == nil {
			return out, r, err
		}
		out = append(out, rec)
	}
}

func TestRead(t *testing.T) {
	file := write(t, &burg.SiteRecord{Type: "page", Fields: []burg.SiteField{{Name: "id", Value: int64(1)}, {Name: "name", Value: "News"}}},
		&burg.SiteRecord{Type: "page", Fields: []burg.SiteField{{Name: "id", Value: int64(2)}}})
	recs, _, err := readAll(t, file)
	if err != nil || len(recs) != 2 || recs[0].Get("name") != "News" {
		t.Fatalf("got %v, %v", recs, err)
	}
	tests := []struct {
		name, file, want string
	}{
		{"Empty", "", "the file is empty"},
		{"NotOurs", `{"type":"feed"}` + "\n", "not a Burg export"},
		{"Version", `{"type":"header","format":"burg-export","version":2}` + "\n", "version 2"},
		{"CutAtLine", string(file[:bytes.LastIndex(file, []byte(`{"type":"end"`))]), "cut short after 2 records"},
		{"CutInLine", string(file[:len(file)-5]), "middle of a line"},
		{"WrongCount", strings.Replace(string(file), `"records":2`, `"records":3`, 1), "the file is damaged"},
		{"NoType", strings.Replace(string(file), `{"type":"page","id":2}`, `{"id":2}`, 1), "no type"},
		{"NotJSON", strings.Replace(string(file), `{"type":"page","id":2}`, `{"type":`, 1), "not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, []byte(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) || burg.ErrorCode(err) != burg.EINVALID {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestReadSkipsReserved(t *testing.T) {
	file := "{\"type\":\"header\",\"format\":\"burg-export\",\"version\":1,\"schema\":9,\"secrets\":false}\n" +
		"{\"type\":\"audit\",\"id\":1}\n{\"type\":\"page\",\"id\":1}\n{\"type\":\"end\",\"records\":2}\n"
	recs, r, err := readAll(t, []byte(file))
	if err != nil || len(recs) != 1 || r.Skipped["audit"] != 1 {
		t.Errorf("got %v %v %v", recs, r, err)
	}
}
