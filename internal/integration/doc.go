// Package integration holds the end-to-end tests that run the real tools
// tenantcheck plugs into (golangci-lint's custom binary, pre-commit) on
// fixture modules. They are built only with the integration tag:
//
//	go test -tags integration ./internal/integration/
//
// (`make integration` runs them with every other integration test).
package integration
