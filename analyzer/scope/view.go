package scope

import (
	"github.com/resolutionflow/tenantcheck/analyzer/internal/pgparse"
	"github.com/resolutionflow/tenantcheck/analyzer/schema"
)

// viewRef expands a view like a CTE: its defining query is read in place,
// so a predicate on the view's key scopes the tables behind it, and an
// unscoped view body is reported at the reference, naming the view.
func (s *statement) viewRef(rv *pgparse.RangeVar, v *schema.View, lvl *level) *ref {
	alias := rv.Alias
	if alias == nil {
		alias = &pgparse.Alias{Aliasname: rv.Relname}
	}
	if s.activeViews[v] {
		return s.derivedRef(alias, queryOut{}, lvl, int(rv.Location))
	}
	s.activeViews[v] = true
	outer := s.inView
	s.inView = &viewUse{view: v, offset: int(rv.Location)}
	s.viewUses = append(s.viewUses, *s.inView)
	out := s.query(pgparse.NodeOf(v.Query), lvl, nil, false)
	s.inView = outer
	delete(s.activeViews, v)
	out.cols = renameColNames(out.cols, v.Columns)
	return s.derivedRef(alias, out, lvl, int(rv.Location))
}
