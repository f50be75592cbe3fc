package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// burgServer is a burg serve process the harness started: the real
// binary, as it runs in production, so that its memory and its start can
// be measured on their own and no wiring is copied here.
type burgServer struct {
	cmd     *exec.Cmd
	url     string // http://127.0.0.1:PORT
	done    chan struct{}
	waitErr error
	stderr  bytes.Buffer
	// Listening and FirstPage are how long after the process started it
	// logged that it listens, and served its first edition.
	Listening, FirstPage time.Duration
	// NoLimits tells that the server was started with its comment limits
	// off; otherwise commenters change address and cookie to stay under
	// them.
	NoLimits bool
}

// findBurg returns the burg binary to run: bin if given; else one beside
// this program or on PATH; else, inside Burg's source tree, one built
// from it into dir.
func findBurg(ctx context.Context, bin, dir string, log io.Writer) (string, error) {
	if bin != "" {
		return bin, nil
	}
	if self, err := os.Executable(); err == nil {
		if p := filepath.Join(filepath.Dir(self), "burg"); isExecutable(p) {
			return p, nil
		}
	}
	if p, err := exec.LookPath("burg"); err == nil {
		return p, nil
	}
	root, ok := moduleRoot()
	if !ok {
		return "", errors.New("no burg binary: build one (go build ./cmd/burg) and pass --burg PATH")
	}
	out := filepath.Join(dir, "burg")
	fmt.Fprintln(log, "building burg from", root)
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./cmd/burg")
	cmd.Dir = root
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build burg: %v\n%s", err, msg)
	}
	return out, nil
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// moduleRoot finds Burg's source tree at or above the working directory.
func moduleRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(b, []byte("module github.com/burg-news/burg\n")) {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// startBurg starts bin serve on the database dsn, on a free port of
// loopback, trusting the harness's X-Forwarded-For (so that commenters
// have addresses of their own) and with comment limits off where the
// binary has the flag, and waits until it serves its first edition.
func startBurg(ctx context.Context, bin, dsn, dir string, extra []string, serverLog io.Writer) (*burgServer, error) {
	help, _ := exec.CommandContext(ctx, bin, "serve", "--help").CombinedOutput()
	args := []string{"serve", "--addr", "127.0.0.1:0", "--log-format", "json", "--trusted-proxies", "127.0.0.1",
		"--uploads-dir", filepath.Join(dir, "uploads"), "--apertium", ""}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		args = append(args, "--database-url", dsn)
	} else {
		args = append(args, "--db", dsn)
	}
	s := &burgServer{done: make(chan struct{})}
	if bytes.Contains(help, []byte("-comment-limit")) {
		args = append(args, "--comment-limit", "off")
		s.NoLimits = true
	}
	if bytes.Contains(help, []byte("-min-fill")) {
		// Tokens are fetched just ahead of the comments that use them.
		args = append(args, "--min-fill", "0")
	}
	args = append(args, extra...)
	s.cmd = exec.Command(bin, args...)
	s.cmd.Stderr = &s.stderr
	s.cmd.Env = append(os.Environ(), "BURG_ADDR=", "BURG_DB=", "BURG_DATABASE_URL=")
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start burg: %w", err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.done)
	}()
	listening := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			var line struct{ Msg, URL string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" {
				listening <- line.URL
				break
			}
			if serverLog != nil {
				serverLog.Write(append(sc.Bytes(), '\n'))
			}
		}
		if serverLog == nil {
			serverLog = io.Discard
		}
		io.Copy(serverLog, stdout) // the request log, until the server stops
	}()
	select {
	case s.url = <-listening:
		s.Listening = time.Since(start)
	case <-s.done:
		return nil, fmt.Errorf("burg stopped before it listened: %v\n%s", s.waitErr, s.stderr.String())
	case <-time.After(5 * time.Minute):
		s.Stop()
		return nil, errors.New("burg did not listen within 5 minutes")
	case <-ctx.Done():
		s.Stop()
		return nil, ctx.Err()
	}
	// The first edition served, as a reader's browser asks for it.
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", s.url+"/", nil)
		req.Header.Set("User-Agent", userAgent)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				s.FirstPage = time.Since(start)
				return s, nil
			}
		}
		select {
		case <-s.done:
			return nil, fmt.Errorf("burg stopped: %v\n%s", s.waitErr, s.stderr.String())
		case <-ctx.Done():
			s.Stop()
			return nil, ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
}

// Memory returns the server's resident memory now and at its peak.
func (s *burgServer) Memory() (rss, peak int64) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(s.cmd.Process.Pid) + "/status")
	if err != nil {
		return 0, 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		name, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "VmRSS":
			rss = kb << 10
		case "VmHWM":
			peak = kb << 10
		}
	}
	return rss, peak
}

// Stop asks the server to shut down as an operator would, and kills it
// if it has not within 20 seconds.
func (s *burgServer) Stop() error {
	select {
	case <-s.done:
		return nil
	default:
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
	var exit *exec.ExitError
	if errors.As(s.waitErr, &exit) {
		return fmt.Errorf("burg: %v\n%s", s.waitErr, s.stderr.String())
	}
	return nil
}
