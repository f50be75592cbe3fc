// Package sitefile writes and reads Burg's export format: a whole site as
// JSON Lines, one record per line, each an object with a "type" field,
// between a header line and an end line. docs/EXPORT.md describes it.
//
// The writer's output depends only on the records: the same site gives
// the same bytes from SQLite or PostgreSQL. The reader holds one line at
// a time, so a file of any size reads in constant memory, and a file cut
// short (no end line, or an end line whose count is wrong) is refused.
package sitefile

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	burg "github.com/burg-news/burg"
)

// Format names the format in the header line.
const Format = "burg-export"

// Version is the version of the format this package writes and reads.
const Version = 1

// MaxLine bounds one line: the largest record (a snapshot with its raw
// page, base64) is well under it.
const MaxLine = 64 << 20

// TimeLayout is how times are written: UTC, always six decimals.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Reserved record types: written by later versions, skipped by this one.
var Reserved = map[string]bool{"audit": true}

// Header is the first line of a file.
type Header struct {
	Version int
	// Schema is the last migration of the database exported; an import
	// needs a Burg that knows it.
	Schema int
	// Secrets says password hashes and the signing secret are in.
	Secrets bool
}

// Writer writes a site file.
type Writer struct {
	w   *bufio.Writer
	n   int64
	buf []byte
}

// NewWriter writes the header line to w and returns a Writer for the
// records.
func NewWriter(w io.Writer, h Header) (*Writer, error) {
	sw := &Writer{w: bufio.NewWriterSize(w, 256<<10)}
	line := fmt.Sprintf(`{"type":"header","format":%q,"version":%d,"schema":%d,"secrets":%t}`+"\n",
		Format, Version, h.Schema, h.Secrets)
	if _, err := sw.w.WriteString(line); err != nil {
		return nil, err
	}
	return sw, nil
}

// Write writes one record as a line.
func (w *Writer) Write(rec *burg.SiteRecord) error {
	b := w.buf[:0]
	b = append(b, `{"type":`...)
	b = strconv.AppendQuote(b, rec.Type)
	for _, f := range rec.Fields {
		b = append(b, ',')
		b = appendString(b, f.Name)
		b = append(b, ':')
		var err error
		if b, err = appendValue(b, f.Value); err != nil {
			return fmt.Errorf("%s.%s: %w", rec.Type, f.Name, err)
		}
	}
	b = append(b, '}', '\n')
	w.buf = b
	w.n++
	_, err := w.w.Write(b)
	return err
}

// Close writes the end line, which counts the records, and flushes.
func (w *Writer) Close() error {
	if _, err := fmt.Fprintf(w.w, `{"type":"end","records":%d}`+"\n", w.n); err != nil {
		return err
	}
	return w.w.Flush()
}

// Records is how many records were written.
func (w *Writer) Records() int64 { return w.n }

func appendString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

func appendValue(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case string:
		return appendString(b, x), nil
	case time.Time:
		b = append(b, '"')
		b = x.UTC().AppendFormat(b, TimeLayout)
		return append(b, '"'), nil
	case []byte:
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, x)
		return append(b, '"'), nil
	}
	return b, fmt.Errorf("cannot write a %T", v)
}

// Reader reads a site file record by record.
type Reader struct {
	r       *bufio.Reader
	line    int
	n       int64
	done    bool
	Skipped map[string]int // reserved records skipped, by type
}

// NewReader reads the header line of r.
func NewReader(r io.Reader) (*Reader, Header, error) {
	sr := &Reader{r: bufio.NewReaderSize(r, 256<<10), Skipped: map[string]int{}}
	raw, err := sr.readLine()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, Header{}, sr.fault("the file is empty")
		}
		return nil, Header{}, err
	}
	var h struct {
		Type    string `json:"type"`
		Format  string `json:"format"`
		Version int    `json:"version"`
		Schema  int    `json:"schema"`
		Secrets bool   `json:"secrets"`
	}
	if err := json.Unmarshal(raw, &h); err != nil || h.Type != "header" || h.Format != Format {
		return nil, Header{}, sr.fault("this is not a Burg export: it does not start with a %s header line", Format)
	}
	if h.Version != Version {
		return nil, Header{}, sr.fault("the file is in version %d of the export format; this Burg reads version %d", h.Version, Version)
	}
	return sr, Header{Version: h.Version, Schema: h.Schema, Secrets: h.Secrets}, nil
}

// Line is the line last read.
func (r *Reader) Line() int { return r.line }

func (r *Reader) fault(format string, args ...any) error {
	return burg.Errorf(burg.EINVALID, "line %d: %s", r.line, fmt.Sprintf(format, args...))
}

// readLine returns the next line without its line end.
func (r *Reader) readLine() ([]byte, error) {
	var line []byte
	for {
		part, err := r.r.ReadSlice('\n')
		line = append(line, part...)
		if len(line) > MaxLine {
			r.line++
			return nil, r.fault("the line is longer than %d bytes", MaxLine)
		}
		if err == nil {
			break
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if errors.Is(err, io.EOF) && len(line) > 0 {
			r.line++
			return nil, r.fault("the file ends in the middle of a line: it was cut short")
		}
		return nil, err
	}
	r.line++
	return bytes.TrimRight(line, "\r\n"), nil
}

// Next returns the next record, or nil at the end line. A file that ends
// before its end line, or whose end line counts other than the records
// read, is refused as cut short.
func (r *Reader) Next() (*burg.SiteRecord, error) {
	for {
		if r.done {
			return nil, nil
		}
		raw, err := r.readLine()
		if errors.Is(err, io.EOF) {
			return nil, r.fault("the file ends without its end line: it was cut short after %d records", r.n)
		}
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			return nil, r.fault("not a JSON object: %s", burg.Clip(err.Error(), 100))
		}
		typ, _ := obj["type"].(string)
		delete(obj, "type")
		switch {
		case typ == "":
			return nil, r.fault("the record has no type")
		case typ == "end":
			n, _ := obj["records"].(json.Number)
			if want, err := n.Int64(); err != nil || want != r.n+int64(r.skipped()) {
				return nil, r.fault("the end line counts %s records, but %d were read: the file is damaged", n, r.n+int64(r.skipped()))
			}
			r.done = true
			return nil, nil
		case typ == "header":
			return nil, r.fault("a second header line")
		case Reserved[typ]:
			r.Skipped[typ]++
			continue
		}
		r.n++
		rec := &burg.SiteRecord{Type: typ, Fields: make([]burg.SiteField, 0, len(obj))}
		for k, v := range obj {
			rec.Fields = append(rec.Fields, burg.SiteField{Name: k, Value: v})
		}
		return rec, nil
	}
}

func (r *Reader) skipped() int {
	n := 0
	for _, c := range r.Skipped {
		n += c
	}
	return n
}

// Records is how many records were read, reserved ones not counted.
func (r *Reader) Records() int64 { return r.n }
