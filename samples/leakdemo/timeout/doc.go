// Package timeout holds a test that hangs on purpose; see hang_test.go.
package timeout
