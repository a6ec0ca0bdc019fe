"""Tree-sitter queries, one ``.scm`` per check plus ``common.scm`` (package data)."""
