//go:build !unix

package reports

// processAlive cannot tell here: every process counts as alive, so nothing is removed.
func processAlive(int) bool { return true }
