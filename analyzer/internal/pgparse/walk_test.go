package pgparse

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// reflectWalk is Walk done by walkReflect alone, the reference the
// generated walkers must match.
func reflectWalk(n *Node, visit func(*Node) bool) {
	if n == nil || n.Node == nil || !visit(n) {
		return
	}
	walkReflect(n.ProtoReflect(), visit)
}

// rangeWalk is the walker pgparse had before the generated ones, through
// protoreflect's Range. Range's order is deliberately unstable between
// binaries, so only the set of nodes it visits is compared.
func rangeWalk(n *Node, visit func(*Node) bool) {
	if n == nil || n.Node == nil || !visit(n) {
		return
	}
	var walk func(m protoreflect.Message)
	walk = func(m protoreflect.Message) {
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.Kind() != protoreflect.MessageKind || fd.IsMap():
			case fd.IsList():
				for i := 0; i < v.List().Len(); i++ {
					value(v.List().Get(i).Message(), walk, visit)
				}
			default:
				value(v.Message(), walk, visit)
			}
			return true
		})
	}
	walk(n.ProtoReflect())
}

func value(m protoreflect.Message, walk func(protoreflect.Message), visit func(*Node) bool) {
	if n, ok := m.Interface().(*Node); ok {
		rangeWalk(n, visit)
		return
	}
	walk(m)
}

// visits records the nodes a walker visits, pruning below the kinds for
// which prune is true.
func visits(walk func(*Node, func(*Node) bool), root *Node, prune func(*Node) bool) []*Node {
	var out []*Node
	walk(root, func(n *Node) bool {
		out = append(out, n)
		return n == root || !prune(n)
	})
	return out
}

func TestWalkMatchesReflectiveWalk(t *testing.T) {
	prunes := map[string]func(*Node) bool{
		"all":             func(*Node) bool { return false },
		"pruneSubLinks":   func(n *Node) bool { return n.GetSubLink() != nil },
		"pruneSelects":    func(n *Node) bool { return n.GetSelectStmt() != nil },
		"pruneExpression": func(n *Node) bool { return n.GetAExpr() != nil || n.GetBoolExpr() != nil },
	}
	total := 0
	for _, e := range corpus(t) {
		stmts, err := Parse(e.sql)
		require.NoError(t, err, "%s", e.name)
		for _, st := range stmts {
			for name, prune := range prunes {
				want := visits(reflectWalk, st.Node, prune)
				got := visits(Walk, st.Node, prune)
				require.Equal(t, want, got, "%s, %s: %q", e.name, name, st.Text)
				assert.ElementsMatch(t, visits(rangeWalk, st.Node, prune), got, "%s, %s: %q", e.name, name, st.Text)
				total += len(got)
			}
		}
	}
	assert.Greater(t, total, 10000, "the corpus walk visited too few nodes")
}

func TestWalkSkipsEmptyNodes(t *testing.T) {
	var visited int
	Walk(nil, func(*Node) bool { visited++; return true })
	Walk(&Node{}, func(*Node) bool { visited++; return true })
	assert.Zero(t, visited)
}
