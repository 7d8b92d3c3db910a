package scope

import (
	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
)

// level is one query level: a SELECT, the body of a subquery or derived
// relation, or the FROM list of an UPDATE or DELETE. Column names resolve
// against a level's refs first, then against its parents' (correlation).
type level struct {
	parent *level
	// outward is set when this level's conditions filter the parent's rows:
	// the level is an EXISTS or IN subquery that is a WHERE conjunct of the
	// parent (tenant-scope.md section 2, "outward").
	outward bool
	refs    []*ref
	// excluded is the EXCLUDED pseudo-table of ON CONFLICT DO UPDATE.
	excluded *ref
	// owner is the derived ref (CTE or FROM subquery) whose body this level
	// is, nil otherwise.
	owner *ref
	// merged maps a column that a JOIN's USING list names (or NATURAL
	// matches) to the ref whose column PostgreSQL reads for the join's one
	// merged column: the left side's in an inner or left join, the right
	// side's in a right join. A full join's is COALESCE of both, one column
	// of neither, so it has no entry. An unqualified reference to the name
	// reads it, where it would otherwise look ambiguous (flipt's `rules JOIN
	// variants USING (namespace_key) ... WHERE namespace_key = $1`).
	merged map[string]*ref
}

// ref is one relation in a FROM list (or an UPDATE/DELETE target).
type ref struct {
	lvl *level
	// name qualifies columns: the alias, or the table name.
	name  string
	alias string
	// table is set for a base table the schema knows; nil for derived
	// relations and unknown tables.
	table *schema.Table
	// unknown is set for a table the schema does not know.
	unknown bool
	// derived maps each output column of a CTE or FROM subquery to the base
	// columns it passes through unchanged; a column computed by an
	// expression maps to nil.
	derived     map[string][]column
	derivedCols []string
	// values marks the derived columns that are tenant values themselves.
	values map[string]bool
	// view names the view this table was read through, "" when none.
	view   string
	offset int

	scoped bool
	// orPred is a tenant predicate on this ref that sits under OR.
	orPred string
	// hint adds a note on the statement to the message ("TRUNCATE removes
	// every tenant's rows").
	hint string
	// near is a predicate on a tenant key that looks like a scope and is
	// not one; the message says so instead of "no key predicate".
	near nearMiss
	// derivedName names a derived relation in messages about the tables
	// inside it: "derived table latest", "CTE recent"; empty for a base
	// table.
	derivedName string
	// excludedKeys marks, on the EXCLUDED pseudo-table, the tenant keys that
	// every inserted row sets from a tenant value.
	excludedKeys map[string]bool
	// renamed maps the names a base table exposes under a column alias list
	// (trees AS t (tid, acc)) to its columns, "" for a name two columns
	// take; renamedCols are the names in order. nil without a list.
	renamed     map[string]string
	renamedCols []string
}

// column is one column of a base table reference.
type column struct {
	r    *ref
	name string
	// sealed is set when the column was reached through a derived
	// relation with LIMIT or a window function: it can carry scope out of
	// the relation's body, never into it.
	sealed bool
}

// columns returns the names a ref exposes, in order.
func (r *ref) columns() []string {
	if r.renamed != nil {
		return r.renamedCols
	}
	if r.derived != nil || r.table == nil {
		return r.derivedCols
	}
	return r.table.Columns
}

// hasColumn reports whether the ref exposes col.
func (r *ref) hasColumn(col string) bool {
	if r.renamed != nil {
		_, ok := r.renamed[col]
		return ok
	}
	if r.table != nil {
		return r.table.HasColumn(col)
	}
	_, ok := r.derived[col]
	return ok
}

// lookup returns the base columns behind r.col.
func (r *ref) lookup(col string) []column {
	if r.renamed != nil {
		if base := r.renamed[col]; base != "" {
			return []column{{r: r, name: base}}
		}
		return nil
	}
	if r.table != nil {
		if r.table.HasColumn(col) {
			return []column{{r: r, name: col}}
		}
		return nil
	}
	return r.derived[col]
}

// exposed is the name r gives its base column col: col, or its name in a
// column alias list (col itself when no single name reaches it).
func (r *ref) exposed(col string) string {
	for name, base := range r.renamed {
		if base == col {
			return name
		}
	}
	return col
}

// needsScope reports whether r reads tenant data (tenant or child table).
func (r *ref) needsScope() bool {
	return r.table != nil && r.table.Kind != schema.Global
}

// display is "table (alias)" or "table", as diagnostics name a reference.
func (r *ref) display() string {
	name := r.table.QualifiedName()
	if r.alias != "" && r.alias != r.table.Name {
		name += " (" + r.alias + ")"
	}
	if r.view != "" {
		name += " in view " + r.view
	}
	if r.lvl != nil && r.lvl.owner != nil && r.lvl.owner.derivedName != "" {
		name += " inside " + r.lvl.owner.derivedName
	}
	return name
}

func (r *ref) setHint(h string) {
	if r.hint == "" {
		r.hint = h
	}
}

// nearMiss is a tenant predicate that does not scope its reference.
type nearMiss struct {
	why nearWhy
	key string
}

type nearWhy int

const (
	nearNone nearWhy = iota
	// nearLiteral: key = 'literal' (or a run-time integer that %d wrote
	// into the SQL).
	nearLiteral
	// nearPreservedOn: the predicate is in the ON clause of an outer join
	// that preserves the reference.
	nearPreservedOn
)

func (r *ref) setNear(why nearWhy, key string) {
	if r.near.why == nearNone {
		r.near = nearMiss{why: why, key: key}
	}
}

// fact is something a condition says: a seed (a tenant key compared with a
// tenant value) or an equality between two column sets.
type fact struct {
	seed bool
	a, b []column
	// at is the level whose condition stated the fact.
	at *level
	// join restricts the targets of a fact stated in an outer join's ON
	// clause to the join's nullable side; nil when unrestricted.
	join *outerJoin
}

// outerJoin records an outer join so that its ON facts can be limited to the
// nullable side once WHERE has been read (tenant-scope.md section 2,
// "Outer joins").
type outerJoin struct {
	kind        pgparse.JoinType
	left, right map[*ref]bool
	lvl         *level
}

// nullable returns the refs an ON fact of j may scope, given the refs that
// WHERE conjuncts of j's level reject NULLs for. A nil map means every ref.
func (j *outerJoin) nullable(rejected map[*ref]bool) map[*ref]bool {
	leftRejected, rightRejected := anyIn(j.left, rejected), anyIn(j.right, rejected)
	switch j.kind {
	case pgparse.JoinLeft:
		if rightRejected {
			return nil
		}
		return j.right
	case pgparse.JoinRight:
		if leftRejected {
			return nil
		}
		return j.left
	default: // FULL: both sides preserved until WHERE reduces it.
		switch {
		case leftRejected && rightRejected:
			return nil
		case leftRejected:
			return j.right
		case rightRejected:
			return j.left
		}
		return map[*ref]bool{}
	}
}

func anyIn(set, in map[*ref]bool) bool {
	for r := range set {
		if in[r] {
			return true
		}
	}
	return false
}
