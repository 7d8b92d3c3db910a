package pgparse

import pg_query "github.com/pganalyze/pg_query_go/v5"

// Parse-tree types, re-exported so that no other package imports the parser.
// Read a node's kind through its getters (n.GetSelectStmt() is nil unless n
// is a SELECT). Add an alias here when a walker needs one more kind.
type (
	Node = pg_query.Node

	// Statements.
	SelectStmt     = pg_query.SelectStmt
	InsertStmt     = pg_query.InsertStmt
	UpdateStmt     = pg_query.UpdateStmt
	DeleteStmt     = pg_query.DeleteStmt
	MergeStmt      = pg_query.MergeStmt
	CopyStmt       = pg_query.CopyStmt
	CreateStmt     = pg_query.CreateStmt
	AlterTableStmt = pg_query.AlterTableStmt
	AlterTableCmd  = pg_query.AlterTableCmd
	RenameStmt     = pg_query.RenameStmt
	DropStmt       = pg_query.DropStmt
	ViewStmt       = pg_query.ViewStmt
	IndexStmt      = pg_query.IndexStmt

	// Row-level security and roles.
	CreatePolicyStmt = pg_query.CreatePolicyStmt
	AlterPolicyStmt  = pg_query.AlterPolicyStmt
	CreateRoleStmt   = pg_query.CreateRoleStmt
	AlterRoleStmt    = pg_query.AlterRoleStmt
	GrantRoleStmt    = pg_query.GrantRoleStmt
	RoleSpec         = pg_query.RoleSpec
	DefElem          = pg_query.DefElem
	AccessPriv       = pg_query.AccessPriv

	// ALTER TABLE ... SET SCHEMA.
	AlterObjectSchemaStmt = pg_query.AlterObjectSchemaStmt

	// Clauses and relations.
	RangeVar         = pg_query.RangeVar
	RangeSubselect   = pg_query.RangeSubselect
	RangeFunction    = pg_query.RangeFunction
	JoinExpr         = pg_query.JoinExpr
	Alias            = pg_query.Alias
	WithClause       = pg_query.WithClause
	CommonTableExpr  = pg_query.CommonTableExpr
	ResTarget        = pg_query.ResTarget
	OnConflictClause = pg_query.OnConflictClause
	InferClause      = pg_query.InferClause
	IndexElem        = pg_query.IndexElem
	ColumnDef        = pg_query.ColumnDef
	TableLikeClause  = pg_query.TableLikeClause
	Constraint       = pg_query.Constraint
	TypeName         = pg_query.TypeName
	List             = pg_query.List

	// Expressions.
	A_Expr       = pg_query.A_Expr
	A_Const      = pg_query.A_Const
	A_Star       = pg_query.A_Star
	BoolExpr     = pg_query.BoolExpr
	NullTest     = pg_query.NullTest
	SubLink      = pg_query.SubLink
	ColumnRef    = pg_query.ColumnRef
	ParamRef     = pg_query.ParamRef
	TypeCast     = pg_query.TypeCast
	FuncCall     = pg_query.FuncCall
	String       = pg_query.String
	SetToDefault = pg_query.SetToDefault

	// Enumerations.
	JoinType         = pg_query.JoinType
	BoolExprType     = pg_query.BoolExprType
	A_Expr_Kind      = pg_query.A_Expr_Kind
	SubLinkType      = pg_query.SubLinkType
	SetOperation     = pg_query.SetOperation
	NullTestType     = pg_query.NullTestType
	ConstrType       = pg_query.ConstrType
	OnConflictAction = pg_query.OnConflictAction
	ObjectType       = pg_query.ObjectType
	AlterTableType   = pg_query.AlterTableType
)

// Enumeration values the walkers compare against.
const (
	JoinInner = pg_query.JoinType_JOIN_INNER
	JoinLeft  = pg_query.JoinType_JOIN_LEFT
	JoinFull  = pg_query.JoinType_JOIN_FULL
	JoinRight = pg_query.JoinType_JOIN_RIGHT

	AndExpr = pg_query.BoolExprType_AND_EXPR
	OrExpr  = pg_query.BoolExprType_OR_EXPR
	NotExpr = pg_query.BoolExprType_NOT_EXPR

	ExprOp     = pg_query.A_Expr_Kind_AEXPR_OP
	ExprOpAny  = pg_query.A_Expr_Kind_AEXPR_OP_ANY
	ExprOpAll  = pg_query.A_Expr_Kind_AEXPR_OP_ALL
	ExprIn     = pg_query.A_Expr_Kind_AEXPR_IN
	ExprNullIf = pg_query.A_Expr_Kind_AEXPR_NULLIF

	ExistsSubLink = pg_query.SubLinkType_EXISTS_SUBLINK
	AllSubLink    = pg_query.SubLinkType_ALL_SUBLINK
	AnySubLink    = pg_query.SubLinkType_ANY_SUBLINK
	ExprSubLink   = pg_query.SubLinkType_EXPR_SUBLINK
	ArraySubLink  = pg_query.SubLinkType_ARRAY_SUBLINK

	SetOpNone      = pg_query.SetOperation_SETOP_NONE
	SetOpUnion     = pg_query.SetOperation_SETOP_UNION
	SetOpIntersect = pg_query.SetOperation_SETOP_INTERSECT
	SetOpExcept    = pg_query.SetOperation_SETOP_EXCEPT

	IsNull    = pg_query.NullTestType_IS_NULL
	IsNotNull = pg_query.NullTestType_IS_NOT_NULL

	ConstrNotNull  = pg_query.ConstrType_CONSTR_NOTNULL
	ConstrPrimary  = pg_query.ConstrType_CONSTR_PRIMARY
	ConstrUnique   = pg_query.ConstrType_CONSTR_UNIQUE
	ConstrForeign  = pg_query.ConstrType_CONSTR_FOREIGN
	ConstrIdentity = pg_query.ConstrType_CONSTR_IDENTITY

	// LikeIndexes is the bit of TableLikeClause.Options for INCLUDING
	// INDEXES (CREATE_TABLE_LIKE_INDEXES in PostgreSQL's parsenodes.h):
	// the tree holds PostgreSQL's bit mask, not pg_query's enumeration.
	LikeIndexes uint32 = 1 << 6

	OnConflictNothing = pg_query.OnConflictAction_ONCONFLICT_NOTHING
	OnConflictUpdate  = pg_query.OnConflictAction_ONCONFLICT_UPDATE

	ObjectTable         = pg_query.ObjectType_OBJECT_TABLE
	ObjectColumn        = pg_query.ObjectType_OBJECT_COLUMN
	ObjectTabConstraint = pg_query.ObjectType_OBJECT_TABCONSTRAINT
	ObjectIndex         = pg_query.ObjectType_OBJECT_INDEX
	ObjectView          = pg_query.ObjectType_OBJECT_VIEW
	ObjectMatView       = pg_query.ObjectType_OBJECT_MATVIEW
	ObjectPolicy        = pg_query.ObjectType_OBJECT_POLICY

	AddColumn      = pg_query.AlterTableType_AT_AddColumn
	DropColumn     = pg_query.AlterTableType_AT_DropColumn
	AddConstraint  = pg_query.AlterTableType_AT_AddConstraint
	DropConstraint = pg_query.AlterTableType_AT_DropConstraint
	SetNotNull     = pg_query.AlterTableType_AT_SetNotNull
	DropNotNull    = pg_query.AlterTableType_AT_DropNotNull

	EnableRowSecurity  = pg_query.AlterTableType_AT_EnableRowSecurity
	DisableRowSecurity = pg_query.AlterTableType_AT_DisableRowSecurity
	ForceRowSecurity   = pg_query.AlterTableType_AT_ForceRowSecurity
	NoForceRowSecurity = pg_query.AlterTableType_AT_NoForceRowSecurity
	ChangeOwner        = pg_query.AlterTableType_AT_ChangeOwner

	RoleSpecName    = pg_query.RoleSpecType_ROLESPEC_CSTRING
	RoleSpecPublic  = pg_query.RoleSpecType_ROLESPEC_PUBLIC
	RoleSpecCurrent = pg_query.RoleSpecType_ROLESPEC_CURRENT_ROLE
	RoleSpecUser    = pg_query.RoleSpecType_ROLESPEC_CURRENT_USER
	RoleSpecSession = pg_query.RoleSpecType_ROLESPEC_SESSION_USER
)

// And builds the conjunction of args; one argument is returned as is.
func And(args ...*Node) *Node {
	if len(args) == 1 {
		return args[0]
	}
	return pg_query.MakeBoolExprNode(pg_query.BoolExprType_AND_EXPR, args, -1)
}

// SelectWhere builds SELECT 1 FROM schema.name WHERE where, the table
// reference at location -1 so that callers can tell it from any reference
// inside where. It lets a row-level security policy's expression be checked
// as the query PostgreSQL effectively runs.
func SelectWhere(schemaName, name string, where *Node) *Node {
	rv := &Node{Node: &pg_query.Node_RangeVar{RangeVar: &RangeVar{Schemaname: schemaName, Relname: name, Inh: true, Relpersistence: "p", Location: -1}}}
	target := pg_query.MakeResTargetNodeWithVal(pg_query.MakeAConstIntNode(1, -1), -1)
	return &Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &SelectStmt{
		TargetList:  []*Node{target},
		FromClause:  []*Node{rv},
		WhereClause: where,
	}}}
}

// Equality builds the expression l = r, for walkers that split a row
// comparison (a, b) = (c, d) into the equalities it means.
func Equality(l, r *Node) *Node {
	return pg_query.MakeAExprNode(pg_query.A_Expr_Kind_AEXPR_OP, []*Node{pg_query.MakeStrNode("=")}, l, r, -1)
}
