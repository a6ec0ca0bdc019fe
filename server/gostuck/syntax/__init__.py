"""Parsing Go with tree-sitter, queries and per-function control-flow graphs."""
