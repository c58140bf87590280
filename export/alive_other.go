//go:build !unix

package export

// processAlive cannot tell here: every process counts as alive, so nothing is removed.
func processAlive(int) bool { return true }
