package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"runtime/debug"
	"strings"
	"unicode"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
)

// informationURI is where SARIF consumers send a reader for the tool; each
// rule's own page is rule.URL.
const informationURI = "https://github.com/resolutionflow/tenantcheck"

// fingerprintKey names tenantcheck's partial fingerprint. GitHub code
// scanning matches alerts across commits by it, so its inputs must not
// include line numbers; the version suffix leaves room to change them.
const fingerprintKey = "tenantcheck/v1"

// ruleLevel is the SARIF and GitHub level of a rule's findings, the rule's
// default severity in the catalogue.
func ruleLevel(id string) string {
	return string(rule.SeverityOf(rule.ID(id)))
}

// sarifFormatter prints one SARIF 2.1.0 log for GitHub code scanning and
// other SARIF viewers: every rule with its metadata, whether or not it
// found anything, so that a viewer can explain a rule and show it as
// fixed.
type sarifFormatter struct{}

// The subset of SARIF 2.1.0 tenantcheck writes (docs.oasis-open.org/sarif).
type (
	sarifLog struct {
		Version string     `json:"version"`
		Schema  string     `json:"$schema"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                   `json:"tool"`
		OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult               `json:"results"`
		ColumnKind         string                      `json:"columnKind"`
		// Properties carry the run's census (docs/cli.md): a run that
		// checked nothing is visible in code scanning too.
		Properties sarifRunProperties `json:"properties"`
	}
	sarifRunProperties struct {
		Stats stats `json:"stats"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Version        string      `json:"version,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string              `json:"id"`
		Name                 string              `json:"name"`
		ShortDescription     sarifMessage        `json:"shortDescription"`
		FullDescription      sarifMessage        `json:"fullDescription"`
		Help                 sarifHelp           `json:"help"`
		HelpURI              string              `json:"helpUri"`
		DefaultConfiguration sarifRuleLevel      `json:"defaultConfiguration"`
		Properties           sarifRuleProperties `json:"properties"`
	}
	// sarifRuleProperties carries the tags GitHub code scanning filters
	// alerts by.
	sarifRuleProperties struct {
		Tags []string `json:"tags"`
	}
	sarifRuleLevel struct {
		Level string `json:"level"`
	}
	sarifHelp struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifMessage      `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
	}
	sarifLocation struct {
		ID               int                   `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
		Message          *sarifMessage         `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
		Region           sarifRegion      `json:"region"`
	}
	sarifArtifactLoc struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
)

func (sarifFormatter) format(stdout, stderr io.Writer, rep report) error {
	wd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("find the working folder: %w", err)
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "tenantcheck", InformationURI: informationURI, Version: toolVersion(),
		}},
		// %SRCROOT% is the working folder: finding files are relative to
		// it (docs/cli.md), and GitHub resolves them against the checkout.
		OriginalURIBaseIDs: map[string]sarifArtifactLoc{"%SRCROOT%": {URI: fileURI(wd) + "/"}},
		Results:            []sarifResult{},
		// Go reports byte columns; for the ASCII that SQL and Go code
		// mostly are, bytes and code points agree.
		ColumnKind: "unicodeCodePoints",
		Properties: sarifRunProperties{Stats: rep.stats},
	}
	index := make(map[string]int, len(rule.All))
	for i, r := range rule.All {
		index[string(r.ID)] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(r))
	}
	seen := make(map[string]int)
	for _, f := range rep.findings {
		fp := partialFingerprint(f, seen)
		res := sarifResult{
			RuleID: f.Rule, RuleIndex: index[f.Rule], Level: ruleLevel(f.Rule),
			Message:             sarifMessage{Text: f.Message},
			Locations:           []sarifLocation{sarifLocationOf(f.File, f.Line, f.Column)},
			PartialFingerprints: map[string]string{fingerprintKey: fp},
		}
		for i, r := range f.Related {
			loc := sarifLocationOf(r.File, r.Line, r.Column)
			loc.ID, loc.Message = i+1, &sarifMessage{Text: r.Message}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		run.Results = append(run.Results, res)
	}
	log := sarifLog{
		Version: "2.1.0",
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Runs:    []sarifRun{run},
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stderr, "tenantcheck: %s\n", summary(rep))
	return err
}

// sarifLocationOf is a place in a file, relative to %SRCROOT% when the
// path is.
func sarifLocationOf(file string, line, column int) sarifLocation {
	loc := sarifArtifactLoc{URI: fileURI(file)}
	if !path.IsAbs(file) {
		loc = sarifArtifactLoc{URI: relativeURI(file), URIBaseID: "%SRCROOT%"}
	}
	return sarifLocation{PhysicalLocation: sarifPhysicalLocation{
		ArtifactLocation: loc,
		Region:           sarifRegion{StartLine: line, StartColumn: column},
	}}
}

// sarifRuleOf describes a rule from the catalogue, with help text that
// points at its section of docs/rules.md.
func sarifRuleOf(r rule.Info) sarifRule {
	uri := rule.URL(r.ID)
	why := sentence(r.Why)
	return sarifRule{
		ID:               string(r.ID),
		Name:             ruleName(r.ID),
		ShortDescription: sarifMessage{Text: sentence(r.Summary)},
		FullDescription:  sarifMessage{Text: r.Description + " " + why},
		Help: sarifHelp{
			Text:     why + " Bad and good examples, and how to fix it: " + uri,
			Markdown: fmt.Sprintf("%s\n\n**Why.** %s\n\nBad and good examples, and how to fix it: [docs/rules.md#%s](%s).", r.Description, why, r.ID, uri),
		},
		HelpURI:              uri,
		DefaultConfiguration: sarifRuleLevel{Level: string(r.Severity)},
		Properties:           sarifRuleProperties{Tags: []string{"security", "sql", "multi-tenancy"}},
	}
}

// ruleName is the rule identifier in the PascalCase SARIF suggests for
// reportingDescriptor.name: "or-scope" becomes "OrScope".
func ruleName(id rule.ID) string {
	var b strings.Builder
	for _, part := range strings.Split(string(id), "-") {
		for i, r := range part {
			if i == 0 {
				r = unicode.ToUpper(r)
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sentence capitalises s and ends it with a period.
func sentence(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return strings.TrimSuffix(string(r), ".") + "."
}

// partialFingerprint identifies a finding across commits without its line:
// a hash of its rule, file, function, table and query fingerprint, plus an
// occurrence number when one function has several identical findings, so
// that each keeps its own alert. seen counts the keys met so far.
func partialFingerprint(f finding, seen map[string]int) string {
	key := strings.Join([]string{f.Rule, f.File, f.Func, f.Table, f.Fingerprint}, "\x00")
	seen[key]++
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d", key, seen[key])))
	return hex.EncodeToString(sum[:16])
}

// relativeURI turns a relative slash path into a relative URI reference.
func relativeURI(rel string) string {
	return (&url.URL{Path: rel}).String()
}

// fileURI turns an absolute path into a file URI.
func fileURI(abs string) string {
	return (&url.URL{Scheme: "file", Path: abs}).String()
}

// toolVersion is the module version the binary was built from, empty for a
// build from a work tree (SARIF then omits it).
func toolVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "(devel)" {
		return ""
	}
	return info.Main.Version
}
