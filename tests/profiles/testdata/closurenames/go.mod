module gostuck.dev/closurenames

go 1.27
