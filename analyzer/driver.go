package analyzer

// SinkPackage returns the package path of a configured sink's Func, such as
// "example.com/db" for "(*example.com/db.Client).Query": a driver that
// skips packages which cannot reach SQL must treat importing it as it
// treats importing database/sql.
func SinkPackage(fullName string) string { return sinkPackage(fullName) }
