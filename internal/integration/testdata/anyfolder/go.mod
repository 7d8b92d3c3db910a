module example.com/anyfolder

go 1.26
