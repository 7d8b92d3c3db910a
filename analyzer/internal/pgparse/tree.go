package pgparse

// Tree is a parse tree held by a type outside the parser seam, such as a
// view's defining query or a policy's expression in analyzer/schema. Other
// packages can hold it and pass it on, but only an importer of pgparse (a
// package under analyzer/) can open it, with NodeOf: an exported field of
// type *Node would put pg_query's protobuf types into the public API of the
// package that declares it, for any importer to build on.
//
// Tree has no methods on purpose: a method could be called on the value
// from anywhere, and would open the seam again.
type Tree struct{ node *Node }

// TreeOf holds n; a nil n gives the zero Tree.
func TreeOf(n *Node) Tree { return Tree{node: n} }

// NodeOf returns the parse tree t holds, nil for the zero Tree.
func NodeOf(t Tree) *Node { return t.node }
