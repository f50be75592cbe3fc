//go:build race

package upload

// raceEnabled reports whether the race detector is on. Under it, growing
// slices and buffers allocates about twice as much as in a normal build,
// so tests of how much Save allocates do not hold there.
const raceEnabled = true
