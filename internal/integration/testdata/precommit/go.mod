module example.com/precommitfixture

go 1.26
