// Package warcfile writes an HTTP exchange as a WARC/1.1 file, the format
// web archives keep pages in, with github.com/nlnwa/gowarc: a warcinfo
// record, then the request and the response, each record in a gzip member
// of its own as archives expect, so that other tools (replay, indexing)
// read what Burg kept of a post's source.
package warcfile

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// Exchange is one HTTP request and its response.
type Exchange struct {
	URL           string
	RequestHeader http.Header
	Proto         string // "HTTP/1.1"; the response's
	StatusText    string // "200 OK"
	Header        http.Header
	Body          []byte
	At            time.Time
}

// Write writes ex as a new file in dir, named for the post and the time,
// and returns the file's name (within dir).
func Write(dir string, postID int64, ex *Exchange, software string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("warc: %w", err)
	}
	at := ex.At.UTC()
	name := fmt.Sprintf("burg-post%d-%s.warc.gz", postID, at.Format("20060102T150405Z"))
	date := at.Format(time.RFC3339)

	info := gowarc.NewRecordBuilder(gowarc.Warcinfo, options()...)
	info.AddWarcHeader(gowarc.WarcDate, date)
	info.AddWarcHeader(gowarc.WarcFilename, name)
	info.AddWarcHeader(gowarc.ContentType, "application/warc-fields")
	info.WriteString("software: " + software + "\r\nformat: WARC File Format 1.1\r\n" +
		"conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n")
	infoRec, _, err := info.Build()
	if err != nil {
		return "", fmt.Errorf("warc: warcinfo: %w", err)
	}
	infoID := infoRec.RecordId()

	u, err := requestLine(ex.URL)
	if err != nil {
		return "", err
	}
	req := gowarc.NewRecordBuilder(gowarc.Request, options()...)
	req.AddWarcHeader(gowarc.WarcDate, date)
	req.AddWarcHeader(gowarc.WarcTargetURI, ex.URL)
	req.AddWarcHeader(gowarc.WarcWarcinfoID, "<"+infoID+">")
	req.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=request")
	var rb bytes.Buffer
	rb.WriteString("GET " + u.path + " HTTP/1.1\r\nHost: " + u.host + "\r\n")
	writeHeader(&rb, ex.RequestHeader)
	rb.WriteString("\r\n")
	req.Write(rb.Bytes())
	reqRec, _, err := req.Build()
	if err != nil {
		return "", fmt.Errorf("warc: request: %w", err)
	}

	resp := gowarc.NewRecordBuilder(gowarc.Response, options()...)
	resp.AddWarcHeader(gowarc.WarcDate, date)
	resp.AddWarcHeader(gowarc.WarcTargetURI, ex.URL)
	resp.AddWarcHeader(gowarc.WarcWarcinfoID, "<"+infoID+">")
	resp.AddWarcHeader(gowarc.WarcConcurrentTo, "<"+reqRec.RecordId()+">")
	resp.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
	var hb bytes.Buffer
	proto := ex.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	hb.WriteString(proto + " " + ex.StatusText + "\r\n")
	// The body is kept as the client read it, decompressed: the headers
	// say so, rather than describe an encoding it no longer has.
	h := ex.Header.Clone()
	h.Del("Content-Encoding")
	h.Del("Transfer-Encoding")
	h.Set("Content-Length", strconv.Itoa(len(ex.Body)))
	writeHeader(&hb, h)
	hb.WriteString("\r\n")
	resp.Write(hb.Bytes())
	resp.Write(ex.Body)
	respRec, _, err := resp.Build()
	if err != nil {
		return "", fmt.Errorf("warc: response: %w", err)
	}

	tmp := filepath.Join(dir, name+".open")
	f, err := os.Create(tmp)
	if err != nil {
		return "", fmt.Errorf("warc: %w", err)
	}
	defer os.Remove(tmp)
	m := gowarc.NewMarshaler()
	for _, rec := range []gowarc.WarcRecord{infoRec, reqRec, respRec} {
		zw := gzip.NewWriter(f)
		if _, _, err := m.Marshal(zw, rec, 0); err != nil {
			f.Close()
			return "", fmt.Errorf("warc: write: %w", err)
		}
		if err := zw.Close(); err != nil {
			f.Close()
			return "", fmt.Errorf("warc: write: %w", err)
		}
		rec.Close()
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return name, os.Rename(tmp, filepath.Join(dir, name))
}

func options() []gowarc.WarcRecordOption {
	return []gowarc.WarcRecordOption{gowarc.WithAddMissingRecordId(true), gowarc.WithAddMissingDigest(true),
		gowarc.WithAddMissingContentLength(true), gowarc.WithFixContentLength(true), gowarc.WithFixDigest(true)}
}

type target struct{ host, path string }

func requestLine(raw string) (target, error) {
	rest, ok := strings.CutPrefix(raw, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(raw, "http://"); !ok {
			return target{}, fmt.Errorf("warc: %q is not an http address", raw)
		}
	}
	host, path, _ := strings.Cut(rest, "/")
	if i := strings.IndexByte(host, '#'); i >= 0 {
		host = host[:i]
	}
	path, _, _ = strings.Cut(path, "#")
	return target{host: host, path: "/" + path}, nil
}

func writeHeader(b *bytes.Buffer, h http.Header) {
	for _, k := range sortedKeys(h) {
		for _, v := range h[k] {
			b.WriteString(k + ": " + strings.NewReplacer("\r", " ", "\n", " ").Replace(v) + "\r\n")
		}
	}
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
