module gostuck.dev/e2e

go 1.22
