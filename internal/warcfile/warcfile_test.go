package warcfile

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// TestWriteReadBack writes an exchange and reads it back with gowarc's
// strict reader: three records, digests right, the response as sent.
func TestWriteReadBack(t *testing.T) {
	dir := t.TempDir()
	body := "<html><body><p>The ferry runs again.</p></body></html>"
	ex := &Exchange{URL: "https://news.example/ferry?x=1", RequestHeader: http.Header{"User-Agent": {"Burg/1.0"}},
		Proto: "HTTP/1.1", StatusText: "200 OK", Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Content-Encoding": {"gzip"}},
		Body: []byte(body), At: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)}
	name, err := Write(dir, 42, ex, "Burg test")
	if err != nil {
		t.Fatal(err)
	}
	if name != "burg-post42-20260304T050607Z.warc.gz" {
		t.Errorf("name %q", name)
	}
	rd, err := gowarc.NewWarcFileReader(filepath.Join(dir, name), 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var types []string
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.Validation) > 0 {
			t.Errorf("%s: validation %v", rec.WarcRecord.Type(), rec.Validation)
		}
		wr := rec.WarcRecord
		types = append(types, wr.Type().String())
		if wr.Type() == gowarc.Response {
			if got := wr.WarcHeader().Get(gowarc.WarcTargetURI); got != ex.URL {
				t.Errorf("target %q", got)
			}
			hb, ok := wr.Block().(gowarc.HttpResponseBlock)
			if !ok {
				t.Fatalf("block %T", wr.Block())
			}
			if hb.HttpStatusCode() != 200 || hb.HttpHeader().Get("Content-Encoding") != "" {
				t.Errorf("status %d header %v", hb.HttpStatusCode(), hb.HttpHeader())
			}
			r, err := hb.PayloadBytes()
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(r)
			if string(got) != body {
				t.Errorf("payload %q", got)
			}
		}
		rec.Close()
	}
	if strings.Join(types, ",") != "warcinfo,request,response" {
		t.Errorf("records %v", types)
	}
}
