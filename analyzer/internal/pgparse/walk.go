package pgparse

import (
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Walk calls visit for n and every node below it, depth first, in field
// order. When visit returns false the children of that node are skipped.
//
// It sees every node kind, including those no walker models, so callers use
// it as a safety net: "find every table reference below this node". The
// per-kind walkers in decode_gen.go do the work; walkReflect covers a kind
// they do not know.
func Walk(n *Node, visit func(*Node) bool) {
	if n == nil || n.Node == nil {
		return
	}
	if !visit(n) {
		return
	}
	walkKind(n, visit)
}

// walkReflect walks the nodes held anywhere inside m through protobuf
// reflection, in field declaration order. It is the generated walkers'
// fallback and the reference they are tested against.
func walkReflect(m protoreflect.Message, visit func(*Node) bool) {
	fds := m.Descriptor().Fields()
	for i := 0; i < fds.Len(); i++ {
		fd := fds.Get(i)
		if fd.Kind() != protoreflect.MessageKind || fd.IsMap() || !m.Has(fd) {
			continue
		}
		if fd.IsList() {
			list := m.Get(fd).List()
			for j := 0; j < list.Len(); j++ {
				walkReflectValue(list.Get(j).Message(), visit)
			}
			continue
		}
		walkReflectValue(m.Get(fd).Message(), visit)
	}
}

func walkReflectValue(m protoreflect.Message, visit func(*Node) bool) {
	n, ok := m.Interface().(*Node)
	if !ok {
		walkReflect(m, visit)
		return
	}
	if n.Node == nil || !visit(n) {
		return
	}
	walkReflect(m, visit)
}
