package regulatory

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// frameworkEntries maps each framework to the function that evaluates it.
var frameworkEntries = []struct {
	fw    Framework
	entry string
}{{EUMDR, "evalEU"}, {IMDRF, "evalIMDRF"}, {FDA, "evalFDA"}, {IEC62304, "evalIEC"}}

// factReads instruments the package source: it parses every non-test file,
// records in each function every read of a fact (a selector f.Field on a
// parameter of type Facts or *Facts, or a fact key passed as a string
// literal to a call that also receives that parameter, as in f.stated(key)
// or firstUnknown(f, key…)), follows the calls between the package's
// functions, and returns for each fact key the frameworks whose evaluation
// reaches a read of it. Validation, decoding and cloning read facts through
// reflection and are not rules, so they count for nothing.
func factReads(t testing.TB) map[string][]Framework {
	t.Helper()
	factReadsOnce.Do(func() { factReadsMap, factReadsErr = computeFactReads() })
	if factReadsErr != nil {
		t.Fatal(factReadsErr)
	}
	return factReadsMap
}

var (
	factReadsOnce sync.Once
	factReadsMap  map[string][]Framework
	factReadsErr  error
)

func computeFactReads() (map[string][]Framework, error) {
	fieldKey := map[string]string{}
	rt := reflect.TypeFor[Facts]()
	for i := range rt.NumField() {
		key, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		fieldKey[rt.Field(i).Name] = key
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	reads := map[string]map[string]bool{} // function → fact keys read
	calls := map[string]map[string]bool{} // function → functions called
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		file, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			return nil, err
		}
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn := fd.Name.Name
			if reads[fn] == nil {
				reads[fn], calls[fn] = map[string]bool{}, map[string]bool{}
			}
			params := factsParams(fd)
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.SelectorExpr:
					if id, ok := x.X.(*ast.Ident); ok && params[id.Name] {
						if key, ok := fieldKey[x.Sel.Name]; ok {
							reads[fn][key] = true
						}
					}
				case *ast.CallExpr:
					switch c := x.Fun.(type) {
					case *ast.Ident:
						calls[fn][c.Name] = true
					case *ast.SelectorExpr:
						calls[fn][c.Sel.Name] = true
					}
					if !passesFacts(x, params) {
						break
					}
					for _, a := range x.Args {
						if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
							if s, err := strconv.Unquote(lit.Value); err == nil {
								if _, ok := byKey[s]; ok {
									reads[fn][s] = true
								}
							}
						}
					}
				}
				return true
			})
		}
	}
	out := map[string][]Framework{}
	for _, fe := range frameworkEntries {
		seen := map[string]bool{}
		stack := []string{fe.entry}
		for len(stack) > 0 {
			fn := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[fn] || reads[fn] == nil {
				continue
			}
			seen[fn] = true
			for key := range reads[fn] {
				if !slices.Contains(out[key], fe.fw) {
					out[key] = append(out[key], fe.fw)
				}
			}
			for callee := range calls[fn] {
				stack = append(stack, callee)
			}
		}
	}
	for k := range out {
		slices.Sort(out[k])
	}
	return out, nil
}

// factsParams returns the names of the parameters (and receiver) of type
// Facts or *Facts.
func factsParams(fd *ast.FuncDecl) map[string]bool {
	out := map[string]bool{}
	var lists []*ast.FieldList
	if fd.Recv != nil {
		lists = append(lists, fd.Recv)
	}
	lists = append(lists, fd.Type.Params)
	for _, l := range lists {
		for _, p := range l.List {
			t := p.Type
			if s, ok := t.(*ast.StarExpr); ok {
				t = s.X
			}
			if id, ok := t.(*ast.Ident); ok && id.Name == "Facts" {
				for _, n := range p.Names {
					out[n.Name] = true
				}
			}
		}
	}
	return out
}

// passesFacts reports whether a call receives a facts parameter, as an
// argument or as the receiver of a method.
func passesFacts(c *ast.CallExpr, params map[string]bool) bool {
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok && params[id.Name] {
			return true
		}
	}
	for _, a := range c.Args {
		if u, ok := a.(*ast.UnaryExpr); ok {
			a = u.X
		}
		if id, ok := a.(*ast.Ident); ok && params[id.Name] {
			return true
		}
	}
	return false
}

// TestEveryFactIsRead fails when a fact of the vocabulary is accepted by
// ParseFacts but read by no rule of any framework (a dead fact).
func TestEveryFactIsRead(t *testing.T) {
	reads := factReads(t)
	for _, key := range FactKeys() {
		if len(reads[key]) == 0 {
			t.Errorf("fact %q is in the vocabulary but no rule of any framework reads it", key)
		}
	}
}

// TestFactReadsInstrumentation checks the instrument itself on facts whose
// readers are known from the rule texts, so a broken parser cannot make the
// dead-fact test pass vacuously.
func TestFactReadsInstrumentation(t *testing.T) {
	reads := factReads(t)
	for _, tc := range []struct {
		key  string
		want Framework
	}{
		{"invasiveness", EUMDR},         // Annex VIII Rules 1–8
		{"use_setting", EUMDR},          // MDCG 2021-24 Rule 10 Note 3
		{"healthcare_situation", IMDRF}, // N12 §5.2
		{"time_critical", FDA},          // CDS criteria 3/4
		{"worst_harm", IEC62304},        // IEC 62304 4.3
	} {
		if !slices.Contains(reads[tc.key], tc.want) {
			t.Errorf("fact %q read by %v, want %v among them", tc.key, reads[tc.key], tc.want)
		}
	}
}
