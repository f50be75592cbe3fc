//go:build !race

package main

// raceEnabled says the test binary was built with -race, so that a build
// it makes reuses the packages already compiled so.
const raceEnabled = false
