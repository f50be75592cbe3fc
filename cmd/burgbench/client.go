package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"
)

// httpConn is one keep-alive HTTP/1.1 connection of the load generator.
// It writes requests as bytes and reads only what it needs of a response
// (status, length, a cookie, the location), so that the load generator
// costs little of the CPU it shares with the server, as wrk does; Go's
// http.Client costs several times as much per request.
type httpConn struct {
	addr string
	c    net.Conn
	br   *bufio.Reader
}

// response is what the load generator reads of a response.
type response struct {
	status   int
	size     int64  // bytes of body as sent (compressed)
	cookie   string // the value of a burg_visitor cookie set, if any
	location string
	body     []byte // the body as sent, when asked for
	gzipped  bool   // the body is gzipped
	close    bool   // the server closes the connection after it
}

var errMalformed = errors.New("malformed response")

func dialHTTP(addr string) (*httpConn, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetNoDelay(true)
	}
	return &httpConn{addr: addr, c: c, br: bufio.NewReaderSize(c, 64<<10)}, nil
}

func (h *httpConn) Close() error { return h.c.Close() }

// do sends req (a whole request, headers and body) and reads the
// response; keep asks for the body.
func (h *httpConn) do(req []byte, keep bool, deadline time.Time) (response, error) {
	var r response
	h.c.SetDeadline(deadline)
	if _, err := h.c.Write(req); err != nil {
		return r, err
	}
	line, err := h.line()
	if err != nil {
		return r, err
	}
	// HTTP/1.1 200 OK
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return r, fmt.Errorf("%w: status line %q", errMalformed, line)
	}
	if r.status, err = strconv.Atoi(string(line[9:12])); err != nil {
		return r, fmt.Errorf("%w: status line %q", errMalformed, line)
	}
	length, chunked := int64(-1), false
	for {
		line, err := h.line()
		if err != nil {
			return r, err
		}
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return r, fmt.Errorf("%w: header %q", errMalformed, line)
		}
		value = bytes.TrimSpace(value)
		switch {
		case asciiEqualFold(name, "content-length"):
			if length, err = strconv.ParseInt(string(value), 10, 64); err != nil {
				return r, fmt.Errorf("%w: length %q", errMalformed, value)
			}
		case asciiEqualFold(name, "transfer-encoding"):
			chunked = asciiEqualFold(value, "chunked")
		case asciiEqualFold(name, "connection"):
			r.close = asciiEqualFold(value, "close")
		case asciiEqualFold(name, "content-encoding"):
			r.gzipped = asciiEqualFold(value, "gzip")
		case asciiEqualFold(name, "location"):
			r.location = string(value)
		case asciiEqualFold(name, "set-cookie"):
			if v, ok := bytes.CutPrefix(value, []byte(visitorCookieName+"=")); ok {
				if i := bytes.IndexByte(v, ';'); i >= 0 {
					v = v[:i]
				}
				r.cookie = string(v)
			}
		}
	}
	var body io.Writer = io.Discard
	var buf *bytes.Buffer
	if keep {
		buf = &bytes.Buffer{}
		body = buf
	}
	switch {
	case r.status == 304 || r.status == 204 || r.status < 200:
	case chunked:
		if r.size, err = h.chunks(body); err != nil {
			return r, err
		}
	case length >= 0:
		if r.size, err = io.CopyN(body, h.br, length); err != nil {
			return r, err
		}
	default:
		return r, fmt.Errorf("%w: a body without a length", errMalformed)
	}
	if buf != nil {
		r.body = buf.Bytes()
	}
	return r, nil
}

// line reads a header line without its CRLF.
func (h *httpConn) line() ([]byte, error) {
	line, err := h.br.ReadSlice('\n')
	if err != nil {
		return nil, err
	}
	return bytes.TrimRight(line, "\r\n"), nil
}

// chunks reads a chunked body into w.
func (h *httpConn) chunks(w io.Writer) (int64, error) {
	var n int64
	for {
		line, err := h.line()
		if err != nil {
			return n, err
		}
		if i := bytes.IndexByte(line, ';'); i >= 0 {
			line = line[:i]
		}
		size, err := strconv.ParseInt(string(bytes.TrimSpace(line)), 16, 64)
		if err != nil {
			return n, fmt.Errorf("%w: chunk size %q", errMalformed, line)
		}
		if size == 0 {
			for { // trailers, then the blank line
				line, err := h.line()
				if err != nil {
					return n, err
				}
				if len(line) == 0 {
					return n, nil
				}
			}
		}
		if _, err := io.CopyN(w, h.br, size); err != nil {
			return n, err
		}
		n += size
		if _, err := h.br.Discard(2); err != nil {
			return n, err
		}
	}
}

// asciiEqualFold compares a header name or value with s, ignoring case.
func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		c, d := b[i], s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if 'A' <= d && d <= 'Z' {
			d += 'a' - 'A'
		}
		if c != d {
			return false
		}
	}
	return true
}
