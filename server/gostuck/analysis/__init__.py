"""Channel and goroutine facts, the package index and the check framework.

The public entry points are in :mod:`gostuck.analysis.api`.
"""
