package rls

import (
	"fmt"
	"strings"
)

// The rule's messages, in one place: each says what the migrations leave
// open and the statement that closes it (the house style's one lower-case
// sentence: subject, what is missing, how to fix).

// disabledHere: a later DISABLE ROW LEVEL SECURITY.
func disabledHere(table string) string {
	return fmt.Sprintf("%s has row-level security disabled by this statement, so no policy confines its rows: remove the DISABLE, or add ALTER TABLE %s ENABLE ROW LEVEL SECURITY in a later migration", table, table)
}

// noRowSecurity: a tenant table never given row-level security.
func noRowSecurity(table, policyFix string) string {
	return fmt.Sprintf("%s has no row-level security: add ALTER TABLE %s ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY and a policy %s", table, table, policyFix)
}

// ownedByApplication: rls_allow_unforced, but the application owns the
// table, so nothing binds it.
func ownedByApplication(table, owner string) string {
	return fmt.Sprintf("%s is owned by %s, the application role, after this OWNER TO, and its row-level security is not forced, so the application bypasses every policy (rls_allow_unforced waives FORCE only for tables the application does not own): add ALTER TABLE %s FORCE ROW LEVEL SECURITY, or give the table another owner", table, owner, table)
}

// unforcedHere: a later NO FORCE ROW LEVEL SECURITY.
func unforcedHere(table string) string {
	return fmt.Sprintf("%s has row-level security no longer forced after this NO FORCE, so its owner bypasses every policy: remove the NO FORCE, or add ALTER TABLE %s FORCE ROW LEVEL SECURITY in a later migration", table, table)
}

// notForced: ENABLE without FORCE. The waiver is named too, because a
// service that never connects as the tables' owner may rightly use it.
func notForced(table string) string {
	return fmt.Sprintf("%s has row-level security enabled but not forced, so its owner bypasses every policy: add ALTER TABLE %s FORCE ROW LEVEL SECURITY (or set rls_allow_unforced: true if the application never connects as the owner)", table, table)
}

// noPermissivePolicy: RLS on, but no permissive policy for the
// application: PostgreSQL denies every row, which leaks nothing but is
// almost always a forgotten policy.
func noPermissivePolicy(table, forRole, policyFix string) string {
	return fmt.Sprintf("%s has row-level security enabled but no permissive policy%s, so the application sees none of its rows: add a policy %s", table, forRole, policyFix)
}

// lastPolicyDropped: the same, after a DROP POLICY.
func lastPolicyDropped(table, forRole, dropped, policyFix string) string {
	return fmt.Sprintf("%s has no permissive policy%s left after this DROP POLICY %s: add a policy %s", table, forRole, dropped, policyFix)
}

// policyWithoutExpression: a permissive policy with neither USING nor
// WITH CHECK.
func policyWithoutExpression(table, policy, clause, comparison string) string {
	return fmt.Sprintf("%s policy %s has no %s expression, so PostgreSQL lets no row through it: add %s (%s)", table, policy, clause, clause, comparison)
}

// policyLetsOthersIn: a permissive policy whose USING or WITH CHECK does
// not confine the commands it serves to one tenant.
func policyLetsOthersIn(table, policy string, commands []string, verb string, clauses []string, why string, fixes []string) string {
	return fmt.Sprintf("%s policy %s lets %s %s: its %s %s; use %s", table, policy, strings.Join(commands, ", "), verb, strings.Join(clauses, " and "), why, strings.Join(fixes, " "))
}

// applicationRoleBypasses: the configured application role is exempt from
// every policy.
func applicationRoleBypasses(role, attr, fix string) string {
	return fmt.Sprintf("application role %s has %s, so PostgreSQL skips every row-level security policy for it: ALTER ROLE %s %s, and connect as a role without it", role, attr, role, fix)
}

// tableExemptionWithoutReason and the three below are directive findings
// on the migrations' tenantcheck:cross-tenant comments.
func tableExemptionWithoutReason(table string) string {
	return "the tenantcheck:cross-tenant comment above CREATE TABLE " + table + " gives no reason: say why the table may go without row-level security"
}

func tableExemptionUnused(table string) string {
	return "the tenantcheck:cross-tenant comment above CREATE TABLE " + table + " suppresses nothing: the table has forced row-level security and confining policies; remove the comment"
}

func policyExemptionWithoutReason(table, policy string) string {
	return fmt.Sprintf("the tenantcheck:cross-tenant comment above policy %s on %s gives no reason: say why the policy may let other tenants' rows through", policy, table)
}

func policyExemptionUnused(table, policy string) string {
	return fmt.Sprintf("the tenantcheck:cross-tenant comment above policy %s on %s suppresses nothing: the policy confines its rows to one tenant; remove the comment", policy, table)
}
