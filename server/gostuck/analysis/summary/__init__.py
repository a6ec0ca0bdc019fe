"""Summaries of functions, applied at their calls: returned channels, obligations, fan-out."""
