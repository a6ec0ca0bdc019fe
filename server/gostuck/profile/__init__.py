"""Reading every goroutine-profile format into one model; merge and diff."""
