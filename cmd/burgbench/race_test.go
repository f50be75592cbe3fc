//go:build race

package main

// raceBuild tells that the tests run under the race detector, so that the
// burg they start is built likewise, from the packages already built.
const raceBuild = true
