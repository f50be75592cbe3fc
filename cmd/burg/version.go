package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version and commit name the build when set at link time, for builds
// without Go's module and VCS stamps (a Docker build without .git):
//
//	go build -ldflags "-X main.version=v1.4.0 -X main.commit=$(git rev-parse HEAD)" ./cmd/burg
//
// Otherwise they come from the binary's build information: the module
// version for go install …@v1.4.0, the VCS revision for a build in a
// checkout.
var version, commit string

// buildInfo is what a binary knows of its making.
type buildInfo struct {
	Version  string // v1.4.0, or "devel"
	Commit   string // the VCS revision, or ""
	Time     string // the revision's commit time, RFC 3339, or ""
	Modified bool   // built from a checkout with uncommitted changes
	Go       string // the Go release that built it
}

// readBuildInfo combines the link-time overrides with Go's stamps.
func readBuildInfo() buildInfo {
	bi, _ := debug.ReadBuildInfo()
	return makeBuildInfo(version, commit, bi)
}

func makeBuildInfo(version, commit string, bi *debug.BuildInfo) buildInfo {
	b := buildInfo{Version: version, Commit: commit, Go: runtime.Version()}
	if bi != nil {
		if b.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			b.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if b.Commit == "" {
					b.Commit = s.Value
				}
			case "vcs.time":
				b.Time = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	if b.Version == "" {
		b.Version = "devel"
	}
	return b
}

// String is the one line burg version prints.
func (b buildInfo) String() string {
	s := "burg " + b.Version
	if b.Commit != "" {
		s += " (commit " + b.Commit
		if b.Time != "" {
			s += ", " + b.Time
		}
		if b.Modified {
			s += ", modified"
		}
		s += ")"
	}
	return s + ", " + b.Go + " " + runtime.GOOS + "/" + runtime.GOARCH
}

// runVersion prints the version and commit.
func runVersion(stdout io.Writer) error {
	_, err := fmt.Fprintln(stdout, readBuildInfo())
	return err
}
