package main

import (
	"encoding/json"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/resolutionflow/tenantcheck/analyzer"
	"github.com/resolutionflow/tenantcheck/analyzer/config"
	"github.com/resolutionflow/tenantcheck/internal/driver"
)

// skipVetUnit answers a unit that go vet runs only for its facts when the
// package cannot matter (driver.VetUnitCannotMatter): it writes the
// package's types with no facts, checking declarations only, and reports
// true. go vet runs the tool on every dependency, the standard library
// included, and unitchecker would type-check each in full and run the pass. Anything it cannot decide, such as a unit
// description or a configuration it cannot read, is left to unitchecker,
// which reports it. flags are the tool's flags before the unit.
func skipVetUnit(unitPath string, flags []string) bool {
	data, err := os.ReadFile(unitPath)
	if err != nil {
		return false
	}
	var unit unitchecker.Config
	if err := json.Unmarshal(data, &unit); err != nil || !unit.VetxOnly {
		return false
	}
	sinks, err := vetSinkPackages(flags)
	if err != nil || !driver.VetUnitCannotMatter(&unit, sinks) {
		return false
	}
	return driver.WriteTypesOnlyVetx(&unit) == nil
}

// vetSinkPackages returns the packages of the sinks configured in the file
// that -config (or -tenantcheck.config) names, or in .tenantcheck.yml at
// the module root when it exists. go vet passes flags as -name=value.
func vetSinkPackages(flags []string) ([]string, error) {
	var settings config.Settings
	for _, f := range flags {
		name, value, ok := strings.Cut(strings.TrimLeft(f, "-"), "=")
		if ok && (name == "config" || name == "tenantcheck.config") {
			settings.ConfigFile = value
		}
	}
	path, err := settings.ConfigPath()
	if err != nil || path == "" {
		return nil, err
	}
	file, err := config.LoadFile(path)
	if err != nil {
		return nil, err
	}
	var pkgs []string
	for _, s := range file.Sinks {
		pkgs = append(pkgs, analyzer.SinkPackage(s.Function))
	}
	return pkgs, nil
}
