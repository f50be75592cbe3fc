//go:build !unix

package translate

import (
	"os/exec"
	"time"
)

// prepare bounds how long Wait may block on pipes held open by the
// command's children once its context ends.
func prepare(cmd *exec.Cmd) {
	cmd.WaitDelay = 2 * time.Second
}
