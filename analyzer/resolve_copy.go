package analyzer

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
)

// This file resolves pgx's bulk load,
//
//	conn.CopyFrom(ctx, pgx.Identifier{"tasks"}, []string{"id", "account_id"}, rows)
//
// which sends no SQL text a Go expression holds: pgx writes
// `COPY "tasks" ("id", "account_id") FROM STDIN` and streams the rows. Every
// value of every row comes from Go, as a bind parameter does, so the rows
// amount to the INSERT `INSERT INTO "tasks" ("id", "account_id") VALUES
// ($1, $2)`, and that statement is what the scope checker judges
// (tenant-scope.md section 3: a column list without the tenant key, or a
// child table's foreign key, is an insert finding). The table and columns
// are quoted as pgx quotes them: an identifier keeps its case.

// pgxPaths are the packages whose CopyFrom takes (ctx, Identifier,
// []string, CopyFromSource): pgx v5 and v4.
var pgxPaths = map[string]bool{"github.com/jackc/pgx/v5": true, "github.com/jackc/pgx/v4": true}

// isCopyFrom reports whether fn is a CopyFrom of pgx's shape, on pgx's own
// types or on an interface that declares it (sqlc's DBTX under
// `:copyfrom` queries): CopyFrom(ctx, pgx.Identifier, []string,
// pgx.CopyFromSource).
func isCopyFrom(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || fn.Name() != "CopyFrom" || sig.Params().Len() != 4 {
		return false
	}
	params := sig.Params()
	return isContext(params.At(0).Type()) && isPgxType(params.At(1).Type(), "Identifier") &&
		isStringSlice(params.At(2).Type()) && isPgxType(params.At(3).Type(), "CopyFromSource")
}

// isPgxType reports whether t is pgx's (v5 or v4) named type name.
func isPgxType(t types.Type, name string) bool {
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && pgxPaths[named.Obj().Pkg().Path()] && named.Obj().Name() == name
}

// copySQL resolves a CopyFrom's table name and column list into the INSERT
// statements its rows amount to, one per pair of their values. A piece
// that does not resolve makes the call unresolved, naming it.
func (r *resolver) copySQL(table, columns ast.Expr) ([]value, *unresolvedError) {
	pairs, ok := r.rowFields(table, columns)
	if !ok {
		tables, err := r.eval(table)
		if err != nil {
			return nil, r.fail("the table name of CopyFrom (%s)", err.reason)
		}
		lists, err := r.eval(columns)
		if err != nil {
			return nil, r.fail("the column list of CopyFrom (%s)", err.reason)
		}
		if len(tables)*len(lists) > maxValues {
			return nil, r.fail("more than %d possible values", maxValues)
		}
		for _, t := range tables {
			for _, l := range lists {
				pairs = append(pairs, [2]value{t, l})
			}
		}
	}
	out := make([]value, 0, len(pairs))
	for _, p := range pairs {
		t, l := p[0], p[1]
		if len(t.elems) == 0 {
			return nil, r.fail("the table name of CopyFrom (an empty pgx.Identifier)")
		}
		v := carry(t, l)
		v.parts = join(literal("INSERT INTO "), quotedList(t.elems, "."), literal(" ("),
			quotedList(l.elems, ", "), literal(") VALUES ("), literal(dollars(len(l.elems))), literal(")"))
		out = append(out, v)
	}
	return out, nil
}

// rowFields pairs a table name and a column list read from one struct
// value, as a loop over a list of loads does:
//
//	for _, t := range []struct{ name string; cols []string }{{"users", []string{"id", "account_id"}}, ...} {
//		tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, rows)
//
// When every value of both fields comes from composite literals of the
// struct (no assignment, append or zero value), the name and the columns
// of one literal go together; their cross product would check each table
// with the other tables' columns. ok is false for any other shape, which
// is resolved piece by piece.
func (r *resolver) rowFields(table, columns ast.Expr) ([][2]value, bool) {
	lit, wrapped := ast.Unparen(table).(*ast.CompositeLit)
	if wrapped {
		if len(lit.Elts) != 1 {
			return nil, false
		}
		table = lit.Elts[0]
	}
	tsel, ok := ast.Unparen(table).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	csel, ok := ast.Unparen(columns).(*ast.SelectorExpr)
	if !ok || !sameObject(r.c.pass.TypesInfo, tsel.X, csel.X) {
		return nil, false
	}
	tf, ok := r.c.fieldOf(tsel)
	if !ok || wrapped != isString(tf.Type()) {
		return nil, false
	}
	cf, ok := r.c.fieldOf(csel)
	if !ok {
		return nil, false
	}
	tw, cw := r.c.writes(tf), r.c.writes(cf)
	if !literalsOnly(tw) || !literalsOnly(cw) {
		return nil, false
	}
	byLit := make(map[*ast.CompositeLit]write, len(cw.seeds))
	for _, w := range cw.seeds {
		byLit[w.lit] = w
	}
	var out [][2]value
	for _, tseed := range tw.seeds {
		cseed, ok := byLit[tseed.lit]
		if !ok {
			return nil, false
		}
		tables, err := r.in(tseed).eval(tseed.expr)
		if err != nil {
			return nil, false
		}
		lists, err := r.in(cseed).eval(cseed.expr)
		if err != nil || len(out)+len(tables)*len(lists) > maxValues {
			return nil, false
		}
		for _, t := range tables {
			if wrapped {
				t = value{elems: [][]part{t.parts}, origin: t.origin}
			}
			for _, l := range lists {
				out = append(out, [2]value{t, l})
			}
		}
	}
	return out, true
}

// literalsOnly reports whether a field takes its values only from
// composite literals that set it.
func literalsOnly(w *fieldWrites) bool {
	if w.blocked != nil || w.zero || len(w.appends) > 0 {
		return false
	}
	for _, s := range w.seeds {
		if s.lit == nil {
			return false
		}
	}
	return true
}

// sameObject reports whether a and b are identifiers of the same variable.
func sameObject(info *types.Info, a, b ast.Expr) bool {
	ia, ok := ast.Unparen(a).(*ast.Ident)
	if !ok {
		return false
	}
	ib, ok := ast.Unparen(b).(*ast.Ident)
	return ok && info.ObjectOf(ia) != nil && info.ObjectOf(ia) == info.ObjectOf(ib)
}

// quotedList quotes each name as pgx's Identifier.Sanitize does (double
// quotes, an inner quote doubled) and joins them with sep. A wrapper's
// parameter stays a hole inside the quotes, filled at its callers.
func quotedList(names [][]part, sep string) []part {
	var out []part
	for i, name := range names {
		if i > 0 {
			out = join(out, literal(sep))
		}
		out = join(out, literal(`"`))
		for _, p := range name {
			if p.Param < 0 {
				p.Lit = strings.ReplaceAll(p.Lit, `"`, `""`)
			}
			out = join(out, []part{p})
		}
		out = join(out, literal(`"`))
	}
	return out
}

// dollars is "$1, $2, ..., $n".
func dollars(n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("$%d", i+1)
	}
	return strings.Join(ps, ", ")
}
