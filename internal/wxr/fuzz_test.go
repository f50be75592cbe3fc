package wxr

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/iotest"
)

// readBytes reads doc through wrap and returns the records and fault.
func readBytes(t testing.TB, doc []byte, wrap func(io.Reader) io.Reader) ([]Record, Site, error) {
	t.Helper()
	r := NewReader(wrap(bytes.NewReader(doc)))
	site, recs, err := readAll(t, r)
	return recs, site, err
}

func plain(r io.Reader) io.Reader { return r }

// TestReadBoundaries reads every export again one byte per Read and half
// a buffer per Read: where the input is cut into reads must change
// nothing, records, site or fault.
func TestReadBoundaries(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.xml")
	if dir := fixtureDir(t, false); dir != "" {
		more, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
		files = append(files, more...)
	}
	for _, file := range files {
		doc, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		recs, site, err := readBytes(t, doc, plain)
		for name, wrap := range map[string]func(io.Reader) io.Reader{
			"OneByte": iotest.OneByteReader, "Half": iotest.HalfReader, "DataErr": iotest.DataErrReader,
		} {
			recs2, site2, err2 := readBytes(t, doc, wrap)
			if !reflect.DeepEqual(recs, recs2) || site != site2 || !sameError(err, err2) {
				t.Errorf("%s read %s: differs from whole reads\n err %v\nerr2 %v", filepath.Base(file), name, err, err2)
			}
		}
	}
}

func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Error() == b.Error()
}

func FuzzReader(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.xml")
	for _, s := range seeds {
		doc, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(doc)
	}
	for _, s := range []string{
		head + "<item><content:encoded><![CDATA[a]]>]]></content:encoded></item></channel></rss>",
		head + "<item><content:encoded>x<p a='1'>&amp;<![CDATA[<]]></p></content:encoded></item></channel></rss>",
		head + `<item><category domain="tag" nicename="a">A</category><wp:comment/></item></channel></rss>`,
		`<?xml version="1.0" encoding="ISO-8859-1"?><rss xmlns:wp="http://wordpress.org/export/1.0/"><channel><item><title>` + "\xe9" + `</title></item></channel></rss>`,
		"<!DOCTYPE rss [<!ENTITY a 'b'>]><rss><channel>&a;</channel></rss>",
		"\xef\xbb\xbf<rss/>",
		"\xff\xfe<\x00r\x00s\x00s\x00/\x00>\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		recs, site, err := readBytes(t, doc, plain)
		var se *SyntaxError
		if err != nil && !errors.As(err, &se) {
			t.Fatalf("a fault that is not a *SyntaxError: %v", err)
		}
		if se != nil && (se.Line < 1 || se.Column < 1 || se.Msg == "") {
			t.Fatalf("bad position in %v", se)
		}
		recs2, site2, err2 := readBytes(t, doc, iotest.OneByteReader)
		if !reflect.DeepEqual(recs, recs2) || site != site2 || !sameError(err, err2) {
			t.Fatalf("one-byte reads differ:\n err %v\nerr2 %v", err, err2)
		}
	})
}
