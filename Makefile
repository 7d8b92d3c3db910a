# tenantcheck: `make check` runs the analyzer over this repository in -fail
# mode; `make test` runs every test (PostgreSQL from the local binaries).
GO ?= go
export CGO_ENABLED := 1

.PHONY: all build check test vet fmt bench bench-analyzer fuzz golangci integration

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

# tenantcheck against a no-op go/analysis driver on generated modules of
# 1,000, 10,000 and 50,000 queries: wall time, CPU and peak memory,
# standalone and under go vet (docs/performance.md). The 50,000 size takes
# long; BENCH_ANALYZER_FLAGS='-sizes 1000 -runs 1' is a quick smoke run.
bench-analyzer:
	$(GO) run ./internal/benchanalyzer $(BENCH_ANALYZER_FLAGS)

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzCheck -fuzztime 5m ./analyzer/scope/

# golangci-lint with the tenantcheck plugin (.custom-gcl.yml), rebuilt when
# the plugin or the analyzer changes. scripts/golangci-custom.sh installs
# golangci-lint at the pinned version and runs `golangci-lint custom`
# without reaching GitHub.
CUSTOM_GCL := bin/custom-gcl
CUSTOM_GCL_SRC := $(shell find analyzer plugin -name '*.go' -not -path '*/testdata/*') go.mod go.sum .custom-gcl.yml scripts/golangci-custom.sh

$(CUSTOM_GCL): $(CUSTOM_GCL_SRC)
	scripts/golangci-custom.sh

golangci: $(CUSTOM_GCL)
	$(CUSTOM_GCL) run ./...

# End-to-end tests of the integrations (build tag integration): every
# package with such a test file, run with the tag.
INTEGRATION_PKGS = $(sort $(dir $(shell grep -rl --include='*_test.go' '^//go:build integration' .)))

integration: $(CUSTOM_GCL)
	$(GO) test -count=1 -tags integration $(INTEGRATION_PKGS)

# The reference service's analytics against a port of the original
# per-row queries, on a throwaway PostgreSQL seeded with a million
# sessions (docs/service.md, "Performance"). About 4 minutes on a quiet
# two-core machine, 1.5 of them seeding (with the rollup triggers), up to 10
# when other jobs share it; not part of `make test`. BENCH_FLAGS passes
# flags, e.g. BENCH_FLAGS='-duration 5s'.
.PHONY: demo bench-service
# The reference service on 127.0.0.1:8080 (LISTEN_ADDR) with a throwaway
# PostgreSQL on port 55433 (DEMO_PG_PORT) and a small seeded data set
# (scripts/demo.sh); it prints where the database is, refuses busy ports
# before writing anything, and Ctrl-C stops both.
demo:
	scripts/demo.sh

bench-service:
	$(GO) run ./internal/benchservice $(BENCH_FLAGS)

# A bounded loopback load on the reference service (8 clients, 4
# accounts, mixed reads and writes) with one PostgreSQL restart in the
# middle, then a check in the database that every acknowledged write is
# there exactly once and nothing else is (docs/service.md, "Soak"). 60 s
# of load plus a few seconds of set-up; not part of `make test`.
# SOAK_FLAGS passes flags, e.g. SOAK_FLAGS='-duration 10s'.
.PHONY: soak
soak:
	$(GO) run ./internal/soak $(SOAK_FLAGS)
