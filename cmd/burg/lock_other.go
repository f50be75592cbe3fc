//go:build !unix

package main

// lockDatabase takes no lock where flock is missing: burg restore cannot
// tell whether a server uses the database there, and says so in its
// help.
func lockDatabase(path string, exclusive bool) (release func(), err error) {
	return func() {}, nil
}
