// Package rls decides whether the migrations make PostgreSQL's row-level
// security a second wall around every tenant and child table: enabled,
// forced, and with policies that confine each command to the tenant the
// session names (rule rls, tenant-scope.md section 6).
//
// It knows nothing of Go code: the command hands it the loaded schema.
package rls

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
	"github.com/resolutionflow/tenantcheck/analyzer/scope"
)

// Mode says when the rule applies.
type Mode string

const (
	// Auto checks every tenant table once the migrations enable row-level
	// security on any table: a project that uses it means it as a wall.
	Auto Mode = "auto"
	// Required checks every tenant table, also when no table enables it.
	Required Mode = "required"
	// Off disables the rule.
	Off Mode = "off"
)

// Options configure the check. The zero value is Auto with FORCE required,
// no application role and no tenant context; callers pass the scope
// checker's TenantContext.
type Options struct {
	Mode Mode
	// AllowUnforced waives FORCE ROW LEVEL SECURITY, for applications that
	// never connect as the tables' owner.
	AllowUnforced bool
	// AppRole is the role the application connects as, "" when unknown.
	// When set, policies for other roles are left out, and the role must
	// not have BYPASSRLS or SUPERUSER.
	AppRole string
	// TenantContext lists the expressions that carry the session's tenant
	// (current_setting('app.account_id') by default).
	TenantContext []scope.ContextFunc
	// TenantPredicates are the functions that confine the key they are
	// given to the current tenant (is_member(list_id)).
	TenantPredicates []scope.PredicateFunc
}

// Finding is one rls (or directive) finding, located at a migration
// statement.
type Finding struct {
	Rule rule.ID
	// Table is the table's qualified name, empty for a role finding.
	Table string
	Pos   schema.Pos
	// Message is the one-line diagnostic.
	Message string
	// Key names what the finding is about within its table (enable, force,
	// policy:<name>, ...), stable across line shifts, for baselines.
	Key string
}

// Exemption is a tenantcheck:cross-tenant comment in the migrations that
// gives a reason, for the exception report (tenant-scope.md section 5).
type Exemption struct {
	// Table is the table's qualified name; Policy the exempted policy's
	// name, empty when the comment exempts the whole table.
	Table, Policy string
	Directive     schema.Directive
	// Used is false when the table or policy would have no finding without
	// the comment (a directive finding then says so).
	Used bool
}

// Result is what the rule found in the migrations.
type Result struct {
	// Findings are table by table in name order, then the application
	// role's.
	Findings []Finding
	// Exemptions are the comments with a reason, in the same order.
	Exemptions []Exemption
}

// Check runs the rule on s.
func Check(s *schema.Schema, opts Options) Result {
	if opts.Mode == Off || (opts.Mode != Required && !s.RowSecurityUsed()) {
		return Result{}
	}
	c := &checker{
		s:     s,
		opts:  opts,
		scope: scope.New(s, scope.Options{TenantContext: opts.TenantContext, TenantPredicates: opts.TenantPredicates, ContextOnly: true}),
		roles: appRoles(s, opts.AppRole),
	}
	c.used = c.contextsUsed()
	for _, t := range s.Tables() {
		if t.Kind == schema.Global {
			continue
		}
		c.res.Findings = append(c.res.Findings, c.table(t)...)
	}
	c.res.Findings = append(c.res.Findings, c.appRole()...)
	return c.res
}

type checker struct {
	s     *schema.Schema
	opts  Options
	scope *scope.Checker
	// roles are the application role and the roles granted to it, nil
	// when no application role is configured.
	roles map[string]bool
	// res collects the exemptions as the tables are checked.
	res Result
	// used maps a tenant key column to the tenant-context call the
	// migrations' policies compare it with, for the fixes messages suggest.
	used map[string]string
}

// contextsUsed returns, for each tenant key column, the first tenant-context
// call a policy of the migrations compares it with.
func (c *checker) contextsUsed() map[string]string {
	var keys []string
	for _, t := range c.s.Tables() {
		keys = append(keys, t.TenantKeys...)
	}
	used := map[string]string{}
	for _, t := range c.s.Tables() {
		for _, p := range t.RowSecurity.Policies {
			for _, key := range keys {
				if used[key] == "" {
					used[key] = cmp.Or(c.scope.ContextUsed(p.Using, key), c.scope.ContextUsed(p.WithCheck, key))
				}
			}
		}
	}
	return used
}

// appRoles returns name and every role granted to it, directly or not.
func appRoles(s *schema.Schema, name string) map[string]bool {
	if name == "" {
		return nil
	}
	roles := map[string]bool{}
	var add func(string)
	add = func(n string) {
		if roles[n] {
			return
		}
		roles[n] = true
		if r := s.Role(n); r != nil {
			for _, m := range r.MemberOf {
				add(m)
			}
		}
	}
	add(name)
	return roles
}

// table checks one tenant or child table. A table exempted by a directive
// is checked all the same, so that an exemption that hides nothing is
// reported.
func (c *checker) table(t *schema.Table) []Finding {
	found := c.tableFindings(t)
	d := t.Exemption
	switch {
	case d == nil:
		return found
	case d.Reason == "":
		return append(found, directiveFinding(t, d, "table", tableExemptionWithoutReason(t.QualifiedName())))
	}
	c.res.Exemptions = append(c.res.Exemptions, Exemption{Table: t.QualifiedName(), Directive: *d, Used: len(found) > 0})
	if len(found) == 0 {
		return []Finding{directiveFinding(t, d, "unused", tableExemptionUnused(t.QualifiedName()))}
	}
	return nil
}

func directiveFinding(t *schema.Table, d *schema.Directive, key, msg string) Finding {
	return Finding{Rule: rule.Directive, Table: t.QualifiedName(), Pos: d.Pos, Message: msg, Key: "directive:" + key}
}

func (c *checker) tableFindings(t *schema.Table) []Finding {
	rs := &t.RowSecurity
	name := t.QualifiedName()
	at := func(p schema.Pos) schema.Pos {
		if p.IsValid() {
			return p
		}
		return t.Created
	}
	if !rs.Enabled {
		if rs.Disabled.IsValid() {
			return []Finding{{Rule: rule.RLS, Table: name, Pos: rs.Disabled, Key: "enable",
				Message: disabledHere(name)}}
		}
		return []Finding{{Rule: rule.RLS, Table: name, Pos: t.Created, Key: "enable",
			Message: noRowSecurity(name, c.fix(t))}}
	}
	var out []Finding
	if !rs.Forced && c.opts.AllowUnforced && c.roles[rs.Owner] {
		out = append(out, Finding{Rule: rule.RLS, Table: name, Pos: rs.OwnerPos, Key: "force",
			Message: ownedByApplication(name, rs.Owner)})
	}
	if !rs.Forced && !c.opts.AllowUnforced {
		if rs.Unforced.IsValid() {
			out = append(out, Finding{Rule: rule.RLS, Table: name, Pos: rs.Unforced, Key: "force",
				Message: unforcedHere(name)})
		} else {
			out = append(out, Finding{Rule: rule.RLS, Table: name, Pos: t.Created, Key: "force",
				Message: notForced(name)})
		}
	}
	return append(out, c.policies(t, at)...)
}

// The commands a policy can apply to, in PostgreSQL's order.
var commands = []string{"select", "insert", "update", "delete"}

// aspect is one of the two checks PostgreSQL makes with a policy: which
// existing rows a command sees (USING) and which new rows it may write
// (WITH CHECK, or USING standing in for it).
type aspect int

const (
	read aspect = iota
	write
)

// aspects returns what a command checks: SELECT and DELETE read, INSERT
// writes, UPDATE does both.
func aspects(command string) []aspect {
	switch command {
	case "insert":
		return []aspect{write}
	case "update":
		return []aspect{read, write}
	}
	return []aspect{read}
}

// expr returns the expression p contributes to an aspect: USING for
// reads, WITH CHECK for writes, or USING when WITH CHECK is absent, as
// PostgreSQL does. nil means p contributes nothing.
func expr(p *schema.Policy, a aspect) *pgparse.Node {
	if check := pgparse.NodeOf(p.WithCheck); a == write && check != nil {
		return check
	}
	return pgparse.NodeOf(p.Using)
}

// failure is a permissive policy whose USING or WITH CHECK does not
// confine some commands. An expression fails once for all the commands it
// serves: an ALL policy without WITH CHECK, whose USING stands in for it,
// fails once for reads and writes alike.
type failure struct {
	p *schema.Policy
	// using and check say which of the expressions fail.
	using, check  bool
	reads, writes bool
	// commands are upper-case, in PostgreSQL's order.
	commands []string
	orScope  bool
}

// policies checks the policies that apply to the application. Rows pass
// when any permissive policy and every restrictive one lets them through,
// so each permissive policy, AND-ed with the restrictive ones, must confine
// every command it applies to; a command no permissive policy covers is
// denied to every row, which leaks nothing.
func (c *checker) policies(t *schema.Table, at func(schema.Pos) schema.Pos) []Finding {
	rs := &t.RowSecurity
	name := t.QualifiedName()
	var active, exempt []*schema.Policy
	var out []Finding
	for _, p := range rs.Policies {
		switch {
		case !c.applies(p):
		case p.Exemption != nil && p.Exemption.Reason == "":
			out = append(out, directiveFinding(t, p.Exemption, "policy:"+p.Name,
				policyExemptionWithoutReason(name, p.Name)))
			active = append(active, p)
		case p.Exemption != nil:
			exempt = append(exempt, p)
		default:
			active = append(active, p)
		}
	}
	if !slices.ContainsFunc(active, func(p *schema.Policy) bool { return p.Permissive }) && len(exempt) == 0 {
		var drop schema.Pos
		msg := noPermissivePolicy(name, c.forRole(), c.fix(t))
		if n := len(rs.Dropped); n > 0 {
			drop = rs.Dropped[n-1].Pos
			msg = lastPolicyDropped(name, c.forRole(), rs.Dropped[n-1].Name, c.fix(t))
		}
		return append(out, Finding{Rule: rule.RLS, Table: name, Pos: at(drop), Key: "policy", Message: msg})
	}
	for _, f := range c.failures(t, active, active) {
		out = append(out, c.failureFinding(t, f))
	}
	for _, p := range exempt {
		used := len(c.failures(t, []*schema.Policy{p}, active)) > 0
		c.res.Exemptions = append(c.res.Exemptions, Exemption{Table: name, Policy: p.Name, Directive: *p.Exemption, Used: used})
		if !used {
			out = append(out, directiveFinding(t, p.Exemption, "unused:"+p.Name,
				policyExemptionUnused(name, p.Name)))
		}
	}
	for _, p := range active {
		if p.Permissive && pgparse.NodeOf(p.Using) == nil && pgparse.NodeOf(p.WithCheck) == nil {
			clause := "USING"
			if p.Command == "insert" {
				clause = "WITH CHECK"
			}
			out = append(out, Finding{Rule: rule.RLS, Table: name, Pos: p.Pos, Key: "policy:" + p.Name,
				Message: policyWithoutExpression(name, p.Name, clause, c.comparison(t))})
		}
	}
	return out
}

// failures checks each permissive policy of candidates against the
// restrictive policies of all, command by command.
func (c *checker) failures(t *schema.Table, candidates, all []*schema.Policy) []failure {
	var out []failure
	find := func(p *schema.Policy) *failure {
		for i := range out {
			if out[i].p == p {
				return &out[i]
			}
		}
		out = append(out, failure{p: p})
		return &out[len(out)-1]
	}
	for _, cmd := range commands {
		for _, a := range aspects(cmd) {
			var restrict []pgparse.Tree
			for _, r := range all {
				if !r.Permissive && r.AppliesTo(cmd) && expr(r, a) != nil {
					restrict = append(restrict, pgparse.TreeOf(expr(r, a)))
				}
			}
			for _, p := range candidates {
				e := expr(p, a)
				if !p.Permissive || !p.AppliesTo(cmd) || e == nil {
					continue
				}
				f := c.scope.Policy(t, pgparse.TreeOf(e), restrict)
				if f == nil {
					continue
				}
				fl := find(p)
				if name := strings.ToUpper(cmd); !slices.Contains(fl.commands, name) {
					fl.commands = append(fl.commands, name)
				}
				fl.reads = fl.reads || a == read
				fl.writes = fl.writes || a == write
				fl.check = fl.check || e == pgparse.NodeOf(p.WithCheck)
				fl.using = fl.using || e == pgparse.NodeOf(p.Using)
				fl.orScope = fl.orScope || f.Rule == rule.ORScope
			}
		}
	}
	return out
}

func (c *checker) failureFinding(t *schema.Table, f failure) Finding {
	name := t.QualifiedName()
	var clauses, fixes []string
	if f.using {
		clauses, fixes = append(clauses, "USING"), append(fixes, "USING ("+c.comparison(t)+")")
	}
	if f.check {
		clauses, fixes = append(clauses, "WITH CHECK"), append(fixes, "WITH CHECK ("+c.comparison(t)+")")
	}
	verb := "reach and write other tenants' rows"
	switch {
	case !f.writes:
		verb = "reach other tenants' rows"
	case !f.reads:
		verb = "write rows of other tenants"
	}
	why := "does not " + c.missing(t)
	if len(clauses) > 1 {
		why = "do not " + c.missing(t)
	}
	if f.orScope {
		why = "compare the tenant only in some arms of an OR, so another arm lets every tenant's rows through"
		if len(clauses) == 1 {
			why = "compares the tenant only in some arms of an OR, so another arm lets every tenant's rows through"
		}
	}
	e := f.p.Using
	if !f.using {
		e = f.p.WithCheck
	}
	if hint := c.scope.ContextHint(t, e); hint != "" {
		why += " (" + hint + ")"
	}
	return Finding{Rule: rule.RLS, Table: name, Pos: f.p.Pos, Key: "policy:" + f.p.Name,
		Message: policyLetsOthersIn(name, f.p.Name, f.commands, verb, clauses, why, fixes)}
}

// applies reports whether p applies to the application: to PUBLIC or to
// the application role (or a role granted to it). Without an application
// role a permissive policy applies to whoever connects, while a
// restrictive one counts only for PUBLIC, so that neither assumption can
// hide a leak.
func (c *checker) applies(p *schema.Policy) bool {
	for _, r := range p.Roles {
		if r == "public" || c.roles[r] || (c.roles == nil && p.Permissive) {
			return true
		}
	}
	return false
}

// forRole names the application role in messages, when configured.
func (c *checker) forRole() string {
	if c.opts.AppRole == "" {
		return ""
	}
	return " for role " + c.opts.AppRole
}

// missing says what a policy expression on t fails to do, as a verb
// phrase: "compare account_id with ...".
func (c *checker) missing(t *schema.Table) string {
	if t.Kind == schema.Tenant {
		return fmt.Sprintf("compare %s with a tenant-context expression", strings.Join(t.TenantKeys, " or "))
	}
	if fk, parent := c.parent(t); parent != nil {
		return fmt.Sprintf("reach %s through %s and compare its tenant key with a tenant-context expression", parent.QualifiedName(), strings.Join(fk.Columns, ", "))
	}
	return "reach a tenant table and compare its key with a tenant-context expression"
}

// comparison is the condition a tenant table's policy should hold, or for
// a child table the EXISTS through its foreign key.
func (c *checker) comparison(t *schema.Table) string {
	if t.Kind == schema.Tenant {
		return fmt.Sprintf("%s = %s", t.TenantKeys[0], c.context(t.TenantKeys[0]))
	}
	fk, parent := c.parent(t)
	if parent == nil || len(parent.TenantKeys) == 0 {
		return "EXISTS (SELECT 1 FROM <parent> p WHERE p.id = <foreign key> AND p.<tenant key> = " + c.context("<tenant key>") + ")"
	}
	var conds []string
	for i, col := range fk.Columns {
		conds = append(conds, fmt.Sprintf("p.%s = %s.%s", fk.RefColumns[i], t.Name, col))
	}
	key := parent.TenantKeys[0]
	conds = append(conds, fmt.Sprintf("p.%s = %s", key, c.context(key)))
	return fmt.Sprintf("EXISTS (SELECT 1 FROM %s p WHERE %s)", parent.QualifiedName(), strings.Join(conds, " AND "))
}

// fix is "USING (<comparison>)", the clause messages suggest.
func (c *checker) fix(t *schema.Table) string {
	return "USING (" + c.comparison(t) + ")"
}

// context renders the tenant-context expression for key: the one the
// migrations' policies compare key with, else the first configured.
func (c *checker) context(key string) string {
	if call := c.used[key]; call != "" {
		return call
	}
	if len(c.opts.TenantContext) == 0 {
		return "current_setting('app." + key + "')"
	}
	ctx := c.opts.TenantContext[0]
	if ctx.ArgPrefix == "" {
		return ctx.Name + "()"
	}
	return fmt.Sprintf("%s('%s%s')", ctx.Name, ctx.ArgPrefix, key)
}

// parent returns a child table's first foreign key to a tenant table, or
// else to another child table.
func (c *checker) parent(t *schema.Table) (schema.ForeignKey, *schema.Table) {
	var fallback schema.ForeignKey
	var fallbackTable *schema.Table
	for _, fk := range t.ForeignKeys {
		p := c.s.Lookup(fk.RefSchema, fk.RefTable)
		switch {
		case p == nil || len(fk.RefColumns) != len(fk.Columns):
		case p.Kind == schema.Tenant:
			return fk, p
		case p.Kind == schema.Child && fallbackTable == nil:
			fallback, fallbackTable = fk, p
		}
	}
	return fallback, fallbackTable
}

// appRole reports an application role that PostgreSQL exempts from every
// policy.
func (c *checker) appRole() []Finding {
	r := c.s.Role(c.opts.AppRole)
	if c.opts.AppRole == "" || r == nil || !(r.BypassRLS || r.Superuser) {
		return nil
	}
	attr, fix := "BYPASSRLS", "NOBYPASSRLS"
	if r.Superuser {
		attr, fix = "SUPERUSER", "NOSUPERUSER"
	}
	return []Finding{{Rule: rule.RLS, Pos: r.Pos, Key: "role:" + r.Name,
		Message: applicationRoleBypasses(r.Name, attr, fix)}}
}
