//go:build unix

package translate

import (
	"os/exec"
	"syscall"
	"time"
)

// prepare makes cmd run in its own process group and, when its context
// ends, kills the whole group: apertium is a shell script running a
// pipeline, and killing only the shell would leave the pipeline running
// with our pipes open.
func prepare(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	cmd.WaitDelay = 2 * time.Second
}
