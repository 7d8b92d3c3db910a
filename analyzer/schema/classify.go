package schema

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// classify turns the loaded tables into a Schema: it completes foreign keys
// and decides each table's Kind from opts (tenant-scope.md section 1).
// Errors name the option and table, since options come from the config file
// and flags, not from the SQL.
func (l *loader) classify(opts Options) (*Schema, error) {
	columns := opts.TenantColumns
	if len(columns) == 0 {
		columns = DefaultTenantColumns
	}
	s := &Schema{tables: l.tables, byName: map[string][]*Table{}, views: l.views, tenantColumns: slices.Clone(columns), roles: l.roles, rlsUsed: l.rlsUsed, digest: fmt.Sprintf("%x", l.text.Sum(nil))}
	for _, t := range l.tables {
		s.byName[t.Name] = append(s.byName[t.Name], t)
	}
	keys := slices.Clone(columns)
	for _, key := range opts.TenantTables {
		keys = append(keys, key)
	}
	if err := s.groupSameTenant(opts.SameTenant, keys, columns); err != nil {
		return nil, err
	}

	if err := s.addForeignKeys(opts.ForeignKeys); err != nil {
		return nil, err
	}

	// A foreign key without a column list references the primary key; a
	// self-reference declared before its table's primary key is completed
	// only now.
	for _, t := range l.tables {
		for i := range t.ForeignKeys {
			fk := &t.ForeignKeys[i]
			if ref := s.Lookup(fk.RefSchema, fk.RefTable); len(fk.RefColumns) == 0 && ref != nil {
				fk.RefColumns = slices.Clone(ref.PrimaryKey)
			}
		}
	}

	exempt := map[*Table]bool{}
	for _, n := range sortedNames(opts.Exempt) {
		t, err := s.lookupOption(OptionExempt, n)
		if err != nil {
			return nil, err
		}
		exempt[t] = true
	}
	extraKey := map[*Table]string{}
	tenantTables := make([]string, 0, len(opts.TenantTables))
	for n := range opts.TenantTables {
		tenantTables = append(tenantTables, n)
	}
	sort.Strings(tenantTables)
	for _, n := range tenantTables {
		t, err := s.lookupOption(OptionTenantTables, n)
		if err != nil {
			return nil, err
		}
		col := opts.TenantTables[n]
		if !t.HasColumn(col) {
			return nil, &OptionError{Option: OptionTenantTables, Table: n, Msg: fmt.Sprintf("tenant table %s has no column %s", n, col)}
		}
		extraKey[t] = col
	}

	for _, t := range l.tables {
		t.Kind, t.TenantKeys, t.SharedRows = Global, nil, false
		if exempt[t] {
			continue
		}
		for _, c := range columns {
			if t.HasColumn(c) {
				t.TenantKeys = append(t.TenantKeys, c)
			}
		}
		if c, ok := extraKey[t]; ok && !slices.Contains(t.TenantKeys, c) {
			t.TenantKeys = append(t.TenantKeys, c)
		}
		if len(t.TenantKeys) > 0 {
			t.Kind = Tenant
		}
	}

	// Children of tenant data are tenant data, through any number of
	// foreign keys; an exempt table is global and passes nothing on.
	for changed := true; changed; {
		changed = false
		for _, t := range l.tables {
			if t.Kind != Global || exempt[t] {
				continue
			}
			for _, fk := range t.ForeignKeys {
				if ref := s.Lookup(fk.RefSchema, fk.RefTable); ref != nil && ref.Kind != Global {
					t.Kind = Child
					changed = true
					break
				}
			}
		}
	}

	for _, n := range sortedNames(opts.SharedRows) {
		t, err := s.lookupOption(OptionSharedRows, n)
		if err != nil {
			return nil, err
		}
		if t.Kind != Tenant {
			return nil, &OptionError{Option: OptionSharedRows, Table: n, Msg: fmt.Sprintf("shared-rows table %s is not a tenant table: it has no tenant key column", n)}
		}
		t.SharedRows = true
	}
	return s, nil
}

// groupSameTenant records Options.SameTenant: groups of at least two
// tenant keys, each in one group at most. A key is a tenant column or the
// key column of a tenant_tables entry (legacy_notes: owner), which names
// the tenant in its table only; columns, the tenant columns, are for the
// message.
func (s *Schema) groupSameTenant(groups [][]string, keys, columns []string) error {
	for i, g := range groups {
		if len(g) < 2 {
			return &OptionError{Option: OptionSameTenant, Group: i, Table: strings.Join(g, ""), Msg: fmt.Sprintf("same_tenant[%d] names %d column: a group needs at least two spellings of one tenant key", i, len(g))}
		}
		for _, col := range g {
			if !slices.Contains(keys, col) {
				return &OptionError{Option: OptionSameTenant, Group: i, Table: col, Msg: fmt.Sprintf("same_tenant[%d]: %s is not a tenant column (%s): add it to tenant_columns", i, col, strings.Join(columns, ", "))}
			}
			if _, dup := s.sameTenant[col]; dup {
				return &OptionError{Option: OptionSameTenant, Group: i, Table: col, Msg: fmt.Sprintf("same_tenant[%d]: %s is in two groups", i, col)}
			}
			if s.sameTenant == nil {
				s.sameTenant = map[string]string{}
			}
			s.sameTenant[col] = g[0]
		}
	}
	return nil
}

// addForeignKeys adds the configured foreign keys, checking that both
// tables and every column exist.
func (s *Schema) addForeignKeys(fks []ExtraForeignKey) error {
	for _, fk := range fks {
		t, err := s.lookupOption(OptionForeignKeys, fk.Table)
		if err != nil {
			return err
		}
		ref := s.lookupName(fk.References)
		if ref == nil {
			return &OptionError{Option: OptionForeignKeys, Table: fk.Table, Msg: fmt.Sprintf("%s %s is not in the schema", optionNoun[OptionForeignKeys], fk.References)}
		}
		refCols := fk.RefColumns
		if len(refCols) == 0 {
			refCols = ref.PrimaryKey
		}
		if len(fk.Columns) == 0 || len(refCols) != len(fk.Columns) {
			return &OptionError{Option: OptionForeignKeys, Table: fk.Table, Msg: fmt.Sprintf("foreign key %s(%s) -> %s(%s): the column lists differ in length", fk.Table, strings.Join(fk.Columns, ", "), fk.References, strings.Join(refCols, ", "))}
		}
		for _, c := range fk.Columns {
			if !t.HasColumn(c) {
				return &OptionError{Option: OptionForeignKeys, Table: fk.Table, Msg: fmt.Sprintf("foreign key on %s: it has no column %s", fk.Table, c)}
			}
		}
		for _, c := range refCols {
			if !ref.HasColumn(c) {
				return &OptionError{Option: OptionForeignKeys, Table: fk.Table, Msg: fmt.Sprintf("foreign key on %s: %s has no column %s", fk.Table, fk.References, c)}
			}
		}
		t.ForeignKeys = append(t.ForeignKeys, ForeignKey{
			Columns: slices.Clone(fk.Columns), RefSchema: ref.Schema, RefTable: ref.Name, RefColumns: slices.Clone(refCols),
		})
	}
	return nil
}

// lookupName finds "table" (in public) or "schema.table".
func (s *Schema) lookupName(name string) *Table {
	schemaName, table := "", name
	if i := strings.IndexByte(name, '.'); i >= 0 {
		schemaName, table = name[:i], name[i+1:]
	}
	return s.Lookup(schemaName, table)
}

// lookupOption finds the table an option names as "table" (in public) or
// "schema.table"; a name the schema lacks is an error, since a typo would
// otherwise silently change what is checked.
func (s *Schema) lookupOption(option, name string) (*Table, error) {
	if t := s.lookupName(name); t != nil {
		return t, nil
	}
	return nil, &OptionError{Option: option, Table: name, Msg: fmt.Sprintf("%s %s is not in the schema", optionNoun[option], name)}
}

// The Options fields an OptionError can name.
const (
	OptionExempt       = "Exempt"
	OptionTenantTables = "TenantTables"
	OptionSharedRows   = "SharedRows"
	OptionForeignKeys  = "ForeignKeys"
	OptionSameTenant   = "SameTenant"
)

var optionNoun = map[string]string{
	OptionExempt:       "exempt table",
	OptionTenantTables: "tenant table",
	OptionSharedRows:   "shared-rows table",
	OptionForeignKeys:  "foreign-key table",
}

// OptionError is an Options entry that does not fit the loaded tables. It
// names the field and table so that the config loader can point at the line
// of the config file that set them.
type OptionError struct {
	// Option is one of the Option constants.
	Option string
	// Table is the name as the option gave it (a column's for
	// OptionSameTenant).
	Table string
	// Group is the index of the OptionSameTenant group at fault.
	Group int
	Msg   string
}

func (e *OptionError) Error() string { return e.Msg }

func sortedNames(names []string) []string {
	out := slices.Clone(names)
	sort.Strings(out)
	return out
}
