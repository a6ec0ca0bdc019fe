module gostuck.dev/genprofile

go 1.27
