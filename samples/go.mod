module gostuck.dev/samples

go 1.27
