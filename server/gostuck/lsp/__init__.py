"""The language server: thin handlers over the core, LSP conversion, settings."""
