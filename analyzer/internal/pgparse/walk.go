package pgparse

import (
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Walk calls visit for n and every node below it, depth first, in field
// order. When visit returns false the children of that node are skipped.
//
// It sees every node kind, including those no walker models, so callers use
// it as a safety net: "find every table reference below this node".
func Walk(n *Node, visit func(*Node) bool) {
	if n == nil || n.GetNode() == nil {
		return
	}
	if !visit(n) {
		return
	}
	walkMessage(n.ProtoReflect(), visit)
}

// walkMessage visits the Node values held anywhere inside m.
func walkMessage(m protoreflect.Message, visit func(*Node) bool) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind {
			return true
		}
		if fd.IsList() {
			list := v.List()
			for i := 0; i < list.Len(); i++ {
				walkValue(list.Get(i).Message(), visit)
			}
			return true
		}
		if fd.IsMap() {
			return true
		}
		walkValue(v.Message(), visit)
		return true
	})
}

func walkValue(m protoreflect.Message, visit func(*Node) bool) {
	if n, ok := m.Interface().(*Node); ok {
		Walk(n, visit)
		return
	}
	walkMessage(m, visit)
}
