module realistic

go 1.27
