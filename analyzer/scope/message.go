package scope

import (
	"errors"
	"fmt"
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
	"github.com/resolutionflow/tenantcheck/analyzer/rule"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
)

// The scope checker's diagnostics, built here so that tests and
// docs/rules.md (the rule catalogue's examples) quote them exactly: one
// lower-case line naming the table and alias, what is missing, and how to
// fix it.

// orScopeMessage: "ai_sessions is scoped only under OR: user_id = $1 is one
// arm of an OR, so other tenants' rows can match".
func orScopeMessage(r *ref) string {
	return fmt.Sprintf("%s is scoped only under OR: %s is one arm of an OR, so other tenants' rows can match", r.display(), r.orPred)
}

// unprovenMessage is for a reference in a statement or FROM item the
// walker does not model.
func unprovenMessage(r *ref) string {
	return fmt.Sprintf("%s is not scoped: tenantcheck cannot follow this kind of statement or FROM item, so no predicate can prove it confined to one tenant", r.display())
}

// insertFixedKeyMessage: the key is set from a literal, NULL or DEFAULT.
func insertFixedKeyMessage(t *schema.Table, key string) string {
	return fmt.Sprintf("INSERT into %s sets %s from a literal, NULL or DEFAULT: pass the tenant key as a bind parameter", t.QualifiedName(), key)
}

// insertExprKeyMessage: the key is set from an expression that is not a
// tenant value.
func insertExprKeyMessage(t *schema.Table, key string) string {
	return fmt.Sprintf("INSERT into %s sets %s from an expression that is not a bind parameter: pass the tenant key as a bind parameter or take it from a scoped SELECT", t.QualifiedName(), key)
}

// insertNoKeyMessage: no tenant key column is set at all.
func insertNoKeyMessage(t *schema.Table) string {
	return fmt.Sprintf("INSERT into %s sets no tenant key: add %s with a bind parameter", t.QualifiedName(), strings.Join(t.TenantKeys, " or "))
}

// copyFromMessage: COPY ... FROM loads rows that no tenant key or foreign
// key ties to a tenant.
func copyFromMessage(t *schema.Table, missing string) string {
	return fmt.Sprintf("COPY into %s does not tie the rows to a tenant: add %s to the column list", t.QualifiedName(), missing)
}

// insertChildMessage: no foreign key to tenant data gets tenant values.
func insertChildMessage(t *schema.Table, parents []string) string {
	return fmt.Sprintf("INSERT into %s does not tie the row to a tenant: set %s from a bind parameter", t.QualifiedName(), strings.Join(parents, " or "))
}

// unscopedMessage says what is missing and how to fix it. Names in the
// prose are as the schema spells them; the SQL of a fix is spelled so that
// it can be pasted (sqlIdent).
func (s *statement) unscopedMessage(r *ref) string {
	t := r.table
	qualifier := sqlIdent(r.name)
	parents := s.tenantParents(t)
	var msg, nearFix string
	switch {
	case r.near.why == nearLiteral:
		// ... WHERE account_id = 'a1', or account_id = %d in Go.
		msg = fmt.Sprintf("its %s is compared with a literal, which scopes nothing, and no join on a foreign key reaches a scoped table", r.near.key)
		nearFix = fmt.Sprintf("bind the tenant key as a parameter instead: %s.%s = $n", qualifier, sqlIdent(r.near.key))
	case r.near.why == nearPreservedOn:
		// ... FROM a LEFT JOIN b ON ... AND a.account_id = $1
		msg = fmt.Sprintf("its %s predicate is in the ON clause of an outer join that preserves %s, where it filters only the joined rows, and no join on a foreign key reaches a scoped table", r.near.key, r.name)
		nearFix = "move the predicate to WHERE"
	case t.Kind == schema.Tenant:
		msg = fmt.Sprintf("no %s predicate and no join on a foreign key to a scoped table", strings.Join(t.TenantKeys, "/"))
	case len(parents) == 1:
		msg = fmt.Sprintf("it is tenant data only through %s, and no join on that key reaches a scoped table", parents[0])
	default:
		// A version row that references its workflow and, optionally, a
		// failure job: "only through" the first key declared would hide
		// the key every row has.
		through := make([]string, len(parents))
		for i, p := range parents {
			through[i] = p.String()
		}
		msg = fmt.Sprintf("it is tenant data through %s, and no join on these keys reaches a scoped table", strings.Join(through, " or "))
	}
	if r.hint != "" {
		msg += " (" + r.hint + ")"
	}
	if r.view != "" {
		return fmt.Sprintf("%s is not scoped: %s; filter %s on a tenant key it passes through unchanged, or scope the view's query", r.display(), msg, r.view)
	}
	var fixes []string
	switch {
	case nearFix != "":
		fixes = append(fixes, nearFix)
	case t.Kind == schema.Tenant:
		fix := fmt.Sprintf("add %s.%s = $n", qualifier, sqlIdent(r.exposed(t.TenantKeys[0])))
		if join, ok := s.nullableSide(r); ok {
			// In WHERE, the predicate would reject the NULL-extended rows
			// and so turn the outer join into an inner one.
			fix += fmt.Sprintf(" to the ON clause of its %s (in WHERE it would make the join an inner join)", join)
		}
		fixes = append(fixes, fix)
	}
	if len(parents) > 0 {
		cols := make([]string, len(parents[0].columns))
		for i, c := range parents[0].columns {
			cols[i] = qualifier + "." + sqlIdent(r.exposed(c))
		}
		fixes = append(fixes, fmt.Sprintf("join %s on %s and scope it", parents[0].table.QualifiedName(), strings.Join(cols, ", ")))
	}
	return fmt.Sprintf("%s is not scoped: %s; %s", r.display(), msg, strings.Join(fixes, ", or "))
}

// String spells the link as messages do: "tree_id -> trees".
func (l parentLink) String() string {
	return strings.Join(l.columns, ", ") + " -> " + l.table.QualifiedName()
}

// sqlIdent spells name as SQL must for a fix to paste as written: as is
// when PostgreSQL reads it back unchanged (lower case, digits and
// underscores, not a reserved word), double-quoted otherwise, as
// quote_ident does. An ORM's camelCase column left unquoted folds to lower
// case and names nothing.
func sqlIdent(name string) string {
	plain := name != ""
	for i, c := range name {
		plain = plain && (c >= 'a' && c <= 'z' || c == '_' || i > 0 && c >= '0' && c <= '9')
	}
	if plain {
		// Reserved words (order, user) are rejected where a qualifier
		// stands; the parser holds the list.
		_, err := pgparse.Parse("SELECT " + name + ".x")
		plain = err == nil
	}
	if plain {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// sqlIdents spells each name with sqlIdent.
func sqlIdents(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = sqlIdent(n)
	}
	return out
}

// nullableSide reports whether r is on the nullable side of an outer join
// that WHERE does not reduce to an inner one, and names the join.
func (s *statement) nullableSide(r *ref) (string, bool) {
	for _, j := range s.outerJoins {
		if set := j.nullable(s.rejected[j.lvl]); set != nil && set[r] {
			return joinName[j.kind], true
		}
	}
	return "", false
}

// joinName spells the outer joins as SQL does.
var joinName = map[pgparse.JoinType]string{
	pgparse.JoinLeft:  "LEFT JOIN",
	pgparse.JoinRight: "RIGHT JOIN",
	pgparse.JoinFull:  "FULL JOIN",
}

func conflictMessage(r *ref) string {
	t := r.table
	keys := sqlIdents(t.TenantKeys)
	fix := "a foreign key column to its tenant parent"
	if len(keys) > 0 {
		fix = strings.Join(keys, " or ")
	}
	why := "ON CONFLICT DO UPDATE can overwrite another tenant's conflicting row"
	if r.hint != "" {
		why += " (" + r.hint + ")"
	}
	key := "<key>"
	if len(keys) > 0 {
		key = keys[0]
	}
	return fmt.Sprintf("%s is not scoped: %s; add %s to the conflict target, or scope the update with WHERE %s.%s = $n", r.display(), why, fix, sqlIdent(r.name), key)
}

// conflictORMessage names the OR that keeps a DO UPDATE's WHERE from
// scoping the conflicting row; the WHERE exists, so the fix is to take the
// predicate out of the OR.
func conflictORMessage(r *ref) string {
	return fmt.Sprintf("%s is scoped only under OR: ON CONFLICT DO UPDATE can overwrite another tenant's conflicting row, and its WHERE has %s only as one arm of an OR; make %s a conjunct of that WHERE, outside the OR, or add %s to the conflict target", r.display(), r.orPred, r.orPred, strings.Join(sqlIdents(r.table.TenantKeys), " or "))
}

// parseFinding reports a parser error with an excerpt of the SQL near it.
func parseFinding(sql string, err error) Finding {
	var perr *pgparse.Error
	if !errors.As(err, &perr) {
		return Finding{Rule: rule.Parse, Message: fmt.Sprintf("SQL does not parse: %v", err), Offset: -1}
	}
	msg := fmt.Sprintf("SQL does not parse: %s", perr.Message)
	if perr.Offset >= 0 {
		// The parser's message already says "at or near"; the excerpt
		// shows the words before the offending token too.
		msg += fmt.Sprintf(", in %q", excerpt(sql, perr.Offset))
	}
	return Finding{Rule: rule.Parse, Message: msg, Offset: perr.Offset}
}

// excerptBefore is how much of the SQL before the parser's error an
// excerpt shows.
const excerptBefore = 12

// excerpt returns the SQL around offset, where the parser gave up: a few
// words before it and up to 30 bytes from it, on rune boundaries and on
// one line.
func excerpt(sql string, offset int) string {
	start, end := offset, offset+30
	if start > len(sql) {
		start = len(sql)
	}
	// Up to excerptBefore bytes before the error, from a word's start.
	if before := max(0, start-excerptBefore); before > 0 {
		if i := strings.IndexAny(sql[before:start], " \t\n"); i >= 0 {
			start = before + i + 1
		}
	} else {
		start = 0
	}
	if end > len(sql) {
		end = len(sql)
	}
	for start > 0 && start < len(sql) && !runeStart(sql[start]) {
		start--
	}
	for end < len(sql) && !runeStart(sql[end]) {
		end++
	}
	return strings.Join(strings.Fields(sql[start:end]), " ")
}

func runeStart(b byte) bool { return b&0xC0 != 0x80 }
