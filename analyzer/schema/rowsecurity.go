package schema

import (
	"slices"
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
)

// Pos locates a statement of the migrations: the file as Load was given it
// (joined with the folder) and the 1-based line where the statement starts.
type Pos struct {
	File string
	Line int
}

// IsValid reports whether p locates a statement.
func (p Pos) IsValid() bool { return p.File != "" }

// RowSecurity is what the migrations leave of a table's row-level
// security: its switches, with the statements that last turned them, and
// its policies.
type RowSecurity struct {
	// Enabled and Forced are the final state of ENABLE and FORCE ROW LEVEL
	// SECURITY.
	Enabled, Forced bool
	// Disabled is the DISABLE ROW LEVEL SECURITY that undid an earlier
	// ENABLE, and Unforced the NO FORCE that undid an earlier FORCE; each
	// is zero unless it is the last word on its switch.
	Disabled, Unforced Pos
	// Policies in creation order, as ALTER POLICY left them.
	Policies []*Policy
	// Dropped lists the DROP POLICY statements that removed a policy, in
	// migration order.
	Dropped []PolicyDrop
}

// PolicyDrop is one DROP POLICY (or a policy dropped with its column).
type PolicyDrop struct {
	Name string
	Pos  Pos
}

// Policy is one CREATE POLICY as later ALTER POLICY statements left it.
type Policy struct {
	Name string
	// Command is "all", "select", "insert", "update" or "delete".
	Command string
	// Permissive policies are OR-ed together; restrictive ones are AND-ed
	// with the result (PostgreSQL's AS PERMISSIVE, the default, and AS
	// RESTRICTIVE).
	Permissive bool
	// Roles the policy applies to, lower-case: "public" for PUBLIC, and
	// "current_user", "current_role" and "session_user" as written.
	Roles []string
	// Using and WithCheck are the policy's expressions, the zero Tree when
	// absent; opaque outside analyzer/, as View.Query is.
	Using, WithCheck pgparse.Tree
	// Pos is the CREATE POLICY, or the last ALTER POLICY that changed an
	// expression or the roles.
	Pos Pos
	// Exemption is the tenantcheck:cross-tenant comment above the CREATE
	// POLICY or ALTER POLICY, nil when there is none.
	Exemption *Directive
}

// AppliesTo reports whether the policy applies to command ("select",
// "insert", "update" or "delete").
func (p *Policy) AppliesTo(command string) bool {
	return p.Command == "all" || p.Command == command
}

// Directive is a "-- tenantcheck:cross-tenant <reason>" comment directly
// above a migration statement: the SQL counterpart of the Go directive
// (tenant-scope.md section 5).
type Directive struct {
	// Reason is the text after the directive, empty when it gives none.
	Reason string
	Pos    Pos
}

// Role is a role the migrations create or alter.
type Role struct {
	Name string
	// BypassRLS and Superuser are the final state of the options; either
	// makes PostgreSQL skip every row-level security policy.
	BypassRLS, Superuser bool
	// Pos is the statement that last granted BYPASSRLS or SUPERUSER, zero
	// when neither is held.
	Pos Pos
	// MemberOf lists the roles granted to this one (GRANT r TO this), whose
	// policies apply to it too.
	MemberOf []string
}

// directivePrefix starts a directive comment line in SQL.
const directivePrefix = "tenantcheck:cross-tenant"

// leadingDirective finds a directive among the comment lines of
// src.text[from:to], the text PostgreSQL counts as part of a statement
// before its first token. Only a comment that starts its line counts, so
// that a directive after the previous statement, on its line, is not taken
// for this one's.
func leadingDirective(src *source, from, to int) *Directive {
	for offset := from; offset < to; {
		end := to
		if nl := strings.IndexByte(src.text[offset:to], '\n'); nl >= 0 {
			end = offset + nl
		}
		if offset == 0 || src.text[offset-1] == '\n' {
			text := strings.TrimSpace(src.text[offset:end])
			if rest, ok := strings.CutPrefix(text, "--"); ok {
				reason, ok := strings.CutPrefix(strings.TrimSpace(rest), directivePrefix)
				if ok && (reason == "" || reason[0] == ' ' || reason[0] == '\t') {
					return &Directive{Reason: strings.TrimSpace(reason), Pos: Pos{File: src.name, Line: src.line(offset)}}
				}
			}
		}
		offset = end + 1
	}
	return nil
}

// isRowSecurity reports whether an ALTER TABLE action turns row-level
// security on or off.
func isRowSecurity(t pgparse.AlterTableType) bool {
	switch t {
	case pgparse.EnableRowSecurity, pgparse.DisableRowSecurity, pgparse.ForceRowSecurity, pgparse.NoForceRowSecurity:
		return true
	}
	return false
}

// ALTER TABLE name ENABLE | DISABLE | FORCE | NO FORCE ROW LEVEL SECURITY
func (l *loader) rowSecurity(t *Table, action pgparse.AlterTableType) {
	rs := &t.RowSecurity
	switch action {
	case pgparse.EnableRowSecurity:
		rs.Enabled, rs.Disabled = true, Pos{}
		l.rlsUsed = true
	case pgparse.DisableRowSecurity:
		if rs.Enabled {
			rs.Disabled = l.pos
		}
		rs.Enabled = false
	case pgparse.ForceRowSecurity:
		rs.Forced, rs.Unforced = true, Pos{}
	case pgparse.NoForceRowSecurity:
		if rs.Forced {
			rs.Unforced = l.pos
		}
		rs.Forced = false
	}
}

// CREATE POLICY name ON table [AS {PERMISSIVE | RESTRICTIVE}] [FOR command]
// [TO role, ...] [USING (expr)] [WITH CHECK (expr)]
func (l *loader) createPolicy(src *source, cp *pgparse.CreatePolicyStmt, at int) error {
	t, err := l.table(src, cp.Table, at)
	if err != nil {
		return err
	}
	if t.policy(cp.PolicyName) >= 0 {
		return src.errorf(at, "policy %s for table %s already exists", cp.PolicyName, t.QualifiedName())
	}
	t.RowSecurity.Policies = append(t.RowSecurity.Policies, &Policy{
		Name:       cp.PolicyName,
		Command:    strings.ToLower(cp.CmdName),
		Permissive: cp.Permissive,
		Roles:      roleNames(cp.Roles),
		Using:      pgparse.TreeOf(cp.Qual),
		WithCheck:  pgparse.TreeOf(cp.WithCheck),
		Pos:        l.pos,
		Exemption:  l.directive,
	})
	return nil
}

// ALTER POLICY name ON table [TO role, ...] [USING (expr)] [WITH CHECK (expr)]
func (l *loader) alterPolicy(src *source, ap *pgparse.AlterPolicyStmt, at int) error {
	p, err := l.existingPolicy(src, ap.Table, ap.PolicyName, at)
	if err != nil {
		return err
	}
	if len(ap.Roles) > 0 {
		p.Roles = roleNames(ap.Roles)
	}
	if ap.Qual != nil {
		p.Using = pgparse.TreeOf(ap.Qual)
	}
	if ap.WithCheck != nil {
		p.WithCheck = pgparse.TreeOf(ap.WithCheck)
	}
	p.Pos, p.Exemption = l.pos, l.directive
	return nil
}

// DROP POLICY [IF EXISTS] name ON table
func (l *loader) dropPolicy(src *source, ds *pgparse.DropStmt, at int) error {
	for _, obj := range ds.Objects {
		var parts []string
		if list := obj.GetList(); list != nil {
			parts = names(list.Items)
		}
		if len(parts) < 2 {
			continue
		}
		policy := parts[len(parts)-1]
		schemaName, table := "", parts[len(parts)-2]
		if len(parts) > 2 {
			schemaName = parts[len(parts)-3]
		}
		t := l.tables[tableKey(schemaName, table)]
		i := -1
		if t != nil {
			i = t.policy(policy)
		}
		if i < 0 {
			if ds.MissingOk {
				continue
			}
			return src.errorf(at, "policy %s for table %s does not exist", policy, table)
		}
		t.RowSecurity.Policies = slices.Delete(t.RowSecurity.Policies, i, i+1)
		t.RowSecurity.Dropped = append(t.RowSecurity.Dropped, PolicyDrop{Name: policy, Pos: l.pos})
	}
	return nil
}

// ALTER POLICY name ON table RENAME TO new
func (l *loader) renamePolicy(src *source, rs *pgparse.RenameStmt, at int) error {
	p, err := l.existingPolicy(src, rs.Relation, rs.Subname, at)
	if err != nil {
		return err
	}
	p.Name = rs.Newname
	return nil
}

// existingPolicy returns the policy name of the table rv names, or an error
// like PostgreSQL's when either does not exist.
func (l *loader) existingPolicy(src *source, rv *pgparse.RangeVar, name string, at int) (*Policy, error) {
	t, err := l.table(src, rv, at)
	if err != nil {
		return nil, err
	}
	i := t.policy(name)
	if i < 0 {
		return nil, src.errorf(at, "policy %s for table %s does not exist", name, t.QualifiedName())
	}
	return t.RowSecurity.Policies[i], nil
}

// policy returns the index of t's policy called name, or -1.
func (t *Table) policy(name string) int {
	for i, p := range t.RowSecurity.Policies {
		if p.Name == name {
			return i
		}
	}
	return -1
}

// roleNames reads the TO list of a policy; an empty list means PUBLIC.
func roleNames(specs []*pgparse.Node) []string {
	var out []string
	for _, n := range specs {
		if rs := n.GetRoleSpec(); rs != nil {
			out = append(out, roleSpecName(rs))
		}
	}
	if len(out) == 0 {
		return []string{"public"}
	}
	return out
}

// roleSpecName names a role specification as the model keys roles.
func roleSpecName(rs *pgparse.RoleSpec) string {
	switch rs.Roletype {
	case pgparse.RoleSpecPublic:
		return "public"
	case pgparse.RoleSpecCurrent:
		return "current_role"
	case pgparse.RoleSpecUser:
		return "current_user"
	case pgparse.RoleSpecSession:
		return "session_user"
	}
	return rs.Rolename
}

// role returns the role called name, creating its model on first sight:
// ALTER ROLE and GRANT may name roles created outside the migrations.
func (l *loader) role(name string) *Role {
	r := l.roles[name]
	if r == nil {
		r = &Role{Name: name}
		l.roles[name] = r
	}
	return r
}

// CREATE ROLE | USER | GROUP name [WITH] option ...
// ALTER ROLE name [WITH] option ...
func (l *loader) roleOptions(name string, options []*pgparse.Node) {
	r := l.role(name)
	for _, o := range options {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		on := d.Arg.GetBoolean().GetBoolval()
		switch d.Defname {
		case "bypassrls":
			r.BypassRLS = on
		case "superuser":
			r.Superuser = on
		default:
			continue
		}
		if on {
			r.Pos = l.pos
		}
	}
	if !r.BypassRLS && !r.Superuser {
		r.Pos = Pos{}
	}
}

// GRANT role, ... TO grantee, ... / REVOKE role, ... FROM grantee, ...
func (l *loader) grantRole(gs *pgparse.GrantRoleStmt) {
	for _, g := range gs.GranteeRoles {
		rs := g.GetRoleSpec()
		if rs == nil {
			continue
		}
		grantee := l.role(roleSpecName(rs))
		for _, granted := range gs.GrantedRoles {
			name := granted.GetAccessPriv().GetPrivName()
			if name == "" {
				continue
			}
			grantee.MemberOf = slices.DeleteFunc(grantee.MemberOf, func(m string) bool { return m == name })
			if gs.IsGrant {
				grantee.MemberOf = append(grantee.MemberOf, name)
			}
		}
	}
}

// renameInPolicies points the table references of every policy expression
// that names t at its new name: PostgreSQL stores policies by object id, so
// a rename does not change what they read.
func (l *loader) renameInPolicies(t *Table, schemaName, name string) {
	for _, other := range l.tables {
		for _, p := range other.RowSecurity.Policies {
			for _, e := range []*pgparse.Node{pgparse.NodeOf(p.Using), pgparse.NodeOf(p.WithCheck)} {
				pgparse.Walk(e, func(n *pgparse.Node) bool {
					if rv := n.GetRangeVar(); rv != nil && rangeKey(rv) == tableKey(t.Schema, t.Name) {
						if rv.Schemaname != "" || schemaName != DefaultSchema {
							rv.Schemaname = schemaName
						}
						rv.Relname = name
					}
					return true
				})
			}
		}
	}
}
