package analyzer

import "slices"

// SinkPackage returns the package path of a configured sink's Func, such as
// "example.com/db" for "(*example.com/db.Client).Query": a driver that
// skips packages which cannot reach SQL must treat importing it as it
// treats importing database/sql.
func SinkPackage(fullName string) string { return sinkPackage(fullName) }

// DriverPackages are the packages whose import lets a package send SQL:
// those of the built-in sinks and of every preset, sorted. A driver that
// skips packages which cannot reach SQL keys on them, and gives them no
// pass.
func DriverPackages() []string {
	out := slices.Clone(sqlPackages)
	for _, specs := range presetSinks {
		for _, s := range specs {
			if p := sinkPackage(s.fn); !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out
}
