"""Mapping profile sites onto workspace files and onto `go` statements."""
