"""One module per check code, each with its docs as data."""
