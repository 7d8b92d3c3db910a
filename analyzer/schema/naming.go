package schema

import "strconv"

// nameDataLen is PostgreSQL's NAMEDATALEN: identifiers hold at most
// nameDataLen-1 bytes, which bounds generated constraint names.
const nameDataLen = 64

// chooseRelationName returns the name PostgreSQL gives an unnamed primary
// key or unique constraint (its index): unique among the schema's indexes.
func (l *loader) chooseRelationName(schemaName, name1, name2, label string) string {
	return chooseName(name1, name2, label, func(n string) bool {
		_, taken := l.indexes[tableKey(schemaName, n)]
		return taken || l.tables[tableKey(schemaName, n)] != nil
	})
}

// chooseName mirrors PostgreSQL's ChooseRelationName: name1_name2_label,
// truncated to fit an identifier, with a counter appended to the label until
// taken reports the name free. Matching PostgreSQL matters because later
// migrations drop constraints by their generated names.
func chooseName(name1, name2, label string, taken func(string) bool) string {
	name := makeObjectName(name1, name2, label)
	for pass := 1; taken(name); pass++ {
		name = makeObjectName(name1, name2, label+strconv.Itoa(pass))
	}
	return name
}

// makeObjectName is PostgreSQL's makeObjectName: it shortens the longer of
// name1 and name2 until name1_name2_label fits in nameDataLen-1 bytes.
func makeObjectName(name1, name2, label string) string {
	overhead := 0
	if label != "" {
		overhead += len(label) + 1
	}
	if name2 != "" {
		overhead++
	}
	avail := nameDataLen - 1 - overhead
	n1, n2 := len(name1), len(name2)
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	name := clip(name1, n1)
	if name2 != "" {
		name += "_" + clip(name2, n2)
	}
	if label != "" {
		name += "_" + label
	}
	return name
}

// clip cuts s to at most n bytes without splitting a UTF-8 sequence.
func clip(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
