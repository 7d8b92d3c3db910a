package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/resolutionflow/tenantcheck/analyzer/rule"
)

// directive is one //tenantcheck:cross-tenant comment (tenant-scope.md
// section 5).
type directive struct {
	comment *ast.Comment
	file    string
	line    int
	reason  string
	// doc is the function whose doc comment holds the directive: it then
	// covers every query in that function.
	doc *ast.FuncDecl
	// fn is the full name of the function the directive sits in or documents.
	fn   string
	used bool
}

// directives collects the package's directives; malformed ones become
// findings.
func (c *checker) directives() ([]*directive, []Finding) {
	var dirs []*directive
	var findings []Finding
	for _, file := range c.pass.Files {
		docOf := make(map[*ast.Comment]*ast.FuncDecl)
		for _, decl := range file.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Doc != nil {
				for _, cm := range fd.Doc.List {
					docOf[cm] = fd
				}
			}
		}
		for _, group := range file.Comments {
			for _, cm := range group.List {
				rest, ok := strings.CutPrefix(cm.Text, directivePrefix)
				if !ok {
					continue
				}
				verb, reason := rest, ""
				if i := strings.IndexAny(rest, " \t"); i >= 0 {
					verb, reason = rest[:i], strings.TrimSpace(rest[i:])
				}
				switch {
				case verb != crossTenant:
					findings = append(findings, Finding{Pos: cm.Pos(), End: cm.End(), Rule: rule.Directive, Message: unknownDirectiveMessage(verb)})
				case reason == "":
					findings = append(findings, Finding{Pos: cm.Pos(), End: cm.End(), Rule: rule.Directive, Message: msgNoReason})
				default:
					pos := c.pass.Fset.Position(cm.Pos())
					d := &directive{comment: cm, file: pos.Filename, line: pos.Line, reason: reason, doc: docOf[cm]}
					enclosing := d.doc
					if enclosing == nil {
						enclosing = enclosingFunc(file, cm.Pos())
					}
					d.fn = fullName(c.pass.TypesInfo, enclosing)
					dirs = append(dirs, d)
				}
			}
		}
	}
	return dirs, findings
}

// enclosingFunc returns the function declaration of file that contains pos.
func enclosingFunc(file *ast.File, pos token.Pos) *ast.FuncDecl {
	for _, decl := range file.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok && within(fd, pos) {
			return fd
		}
	}
	return nil
}

// fullName is types.Func.FullName of a declaration, "" for none.
func fullName(info *types.Info, fd *ast.FuncDecl) string {
	if fd == nil {
		return ""
	}
	if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
		return fn.FullName()
	}
	return fd.Name.Name
}

// cover returns the directive that justifies the call in decl: one on the
// line of the call, on the line above it, or in decl's doc comment.
func (c *checker) cover(dirs []*directive, call *ast.CallExpr, decl *ast.FuncDecl) *directive {
	start := c.pass.Fset.Position(call.Pos())
	end := c.pass.Fset.Position(call.End())
	for _, d := range dirs {
		if d.doc == nil && d.file == start.Filename && (d.line == start.Line || d.line == start.Line-1 || d.line == end.Line) {
			return d
		}
	}
	for _, d := range dirs {
		if d.doc != nil && d.doc == decl {
			return d
		}
	}
	return nil
}
