# tenantcheck: `make check` runs the analyzer over this repository in -fail
# mode; `make test` runs every test (PostgreSQL from the local binaries).
GO ?= go
export CGO_ENABLED := 1

.PHONY: all build check test vet fmt bench fuzz

all: check test

build:
	$(GO) build ./...

check:
	$(GO) run ./cmd/tenantcheck -fail -schema migrations ./...

test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./analyzer/scope/

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzCheck -fuzztime 5m ./analyzer/scope/
