"""Measurements of gostuck: recall on the Go leak corpus, false positives, throughput."""
