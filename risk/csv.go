package risk

import (
	"bytes"
	"encoding"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// CSVLayout names the CSV form of a [Register] written by
// [Register.WriteCSV] and read by [ReadCSV] and [MergeCSV]. The register's
// own schema_version column says which JSON schema the fields follow.
//
// The layout: one header row, then one row per record. Column 1 is "record_type":
// "register" for the one row holding the register's own fields
// (schema_version, id, plan), else the JSON name of the record's list
// ("hazards", "rows", "contingency_plans", "history" …). The other columns
// are the union of the JSON field names of all kinds, in the order of the
// register's JSON form; a row fills the columns of its kind and leaves the
// others empty. A cell holds:
//   - text fields, enums, times (RFC 3339), decimals and durations as text;
//   - numbers and booleans as their JSON text, a rating as 1..10 or null;
//   - lists and nested objects as JSON;
//   - nothing for a zero value (an empty cell reads back as the zero value).
//
// A cell whose text starts with =, +, -, @, a tab, a carriage return or an
// apostrophe is written with one apostrophe in front, so spreadsheets do not
// run it as a formula; a cell whose text holds a carriage return anywhere is
// written as an apostrophe and a Go-quoted string ('"line 1\r\nline 2"),
// since CSV readers drop a carriage return before a newline. [ReadCSV]
// reverses both (a leading '" unquotes, else one leading apostrophe is
// removed), so the round trip is lossless.
const CSVLayout = "healthpm.risk.csv/v1"

// MaxCSVBytes bounds the CSV accepted by [ReadCSV] and [MergeCSV]
// (256 MiB).
const MaxCSVBytes = 256 << 20

// maxCSVErrors bounds the problems reported for one import.
const maxCSVErrors = 10000

// CSVError is one problem with one cell (or row) of an imported CSV file.
// Row is the 1-based line of the record in the file (the header is row 1);
// Column is the 1-based column and ColumnName its header (0 and "" when the
// problem is the whole row). Err wraps a sentinel such as
// [ErrInvalidInput].
type CSVError struct {
	Row        int
	Column     int
	ColumnName string
	Value      string
	Err        error
}

// Error formats the problem as `risk: csv row R, column C (name): value "v": reason`.
func (e *CSVError) Error() string {
	where := fmt.Sprintf("csv row %d", e.Row)
	if e.Column > 0 {
		where += fmt.Sprintf(", column %d (%s)", e.Column, e.ColumnName)
	}
	return (&FieldError{Pkg: "risk", Path: where, Value: e.Value, Err: e.Err}).Error()
}

// Unwrap returns the wrapped sentinel error.
func (e *CSVError) Unwrap() error { return e.Err }

// cellCodec encodes and decodes one field of a record.
type cellCodec struct {
	name  string
	index int
	enc   func(v reflect.Value) (string, error)
	dec   func(v reflect.Value, s string) error
}

// csvKind describes one list of the register.
type csvKind struct {
	name   string
	field  int // index in Register
	elem   reflect.Type
	cells  []cellCodec
	keyCol int // index into cells of the key field ("id", else "seq")
}

type csvSchema struct {
	header   []string       // without "record_type"
	col      map[string]int // column name → index into header
	register []cellCodec    // register row fields
	kinds    []*csvKind
	byName   map[string]*csvKind
}

var (
	textMarshalerT   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerT = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func jsonName(f reflect.StructField) string {
	tag := f.Tag.Get("json")
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	if name == "" {
		return f.Name
	}
	return name
}

// codecFor builds the cell codec of a field type.
func codecFor(t reflect.Type) (enc func(reflect.Value) (string, error), dec func(reflect.Value, string) error) {
	switch {
	case t.Kind() == reflect.String && t.NumMethod() == 0:
		return func(v reflect.Value) (string, error) { return v.String(), nil },
			func(v reflect.Value, s string) error { v.SetString(s); return nil }
	case t.Implements(textMarshalerT) && reflect.PointerTo(t).Implements(textUnmarshalerT):
		return func(v reflect.Value) (string, error) {
				b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
				return string(b), err
			}, func(v reflect.Value, s string) error {
				return v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
			}
	case t.Kind() == reflect.Pointer && t.Elem().Implements(textMarshalerT) && t.Implements(textUnmarshalerT):
		return func(v reflect.Value) (string, error) {
				b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
				return string(b), err
			}, func(v reflect.Value, s string) error {
				p := reflect.New(t.Elem())
				if err := p.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
					return err
				}
				v.Set(p)
				return nil
			}
	case t.Kind() == reflect.Bool && t.NumMethod() == 0:
		return func(v reflect.Value) (string, error) { return strconv.FormatBool(v.Bool()), nil },
			func(v reflect.Value, s string) error {
				b, err := strconv.ParseBool(s)
				if err != nil {
					return fmt.Errorf("%w: want true or false", ErrInvalidInput)
				}
				v.SetBool(b)
				return nil
			}
	case t.Kind() == reflect.Int && t.NumMethod() == 0, t.Kind() == reflect.Int64 && t.NumMethod() == 0:
		return func(v reflect.Value) (string, error) { return strconv.FormatInt(v.Int(), 10), nil },
			func(v reflect.Value, s string) error {
				n, err := strconv.ParseInt(s, 10, t.Bits())
				if err != nil {
					return fmt.Errorf("%w: want an integer", ErrInvalidInput)
				}
				v.SetInt(n)
				return nil
			}
	}
	// Values with no struct inside cannot carry unknown fields; json.Unmarshal
	// (which also rejects trailing data) is enough and much cheaper.
	strict := hasStruct(t)
	return func(v reflect.Value) (string, error) {
			b, err := json.Marshal(v.Interface())
			return string(b), err
		}, func(v reflect.Value, s string) error {
			p := reflect.New(t)
			var err error
			if strict {
				dec := json.NewDecoder(strings.NewReader(s))
				dec.DisallowUnknownFields()
				if err = dec.Decode(p.Interface()); err == nil {
					if _, terr := dec.Token(); terr != io.EOF {
						return fmt.Errorf("%w: trailing data after the JSON value", ErrInvalidInput)
					}
				}
			} else {
				err = json.Unmarshal([]byte(s), p.Interface())
			}
			if err != nil {
				if errors.Is(err, ErrInvalidInput) || errors.Is(err, ErrOutOfRange) {
					return err
				}
				return fmt.Errorf("%w: %v", ErrInvalidInput, err)
			}
			v.Set(p.Elem())
			return nil
		}
}

// hasStruct reports whether values of type t can hold a JSON object that
// decodes into a struct.
func hasStruct(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Struct:
		return true
	case reflect.Slice, reflect.Array, reflect.Pointer, reflect.Map:
		return hasStruct(t.Elem())
	case reflect.Interface:
		return true
	}
	return false
}

func cellsOf(t reflect.Type) []cellCodec {
	var out []cellCodec
	for i := range t.NumField() {
		f := t.Field(i)
		name := jsonName(f)
		if name == "" {
			continue
		}
		enc, dec := codecFor(f.Type)
		out = append(out, cellCodec{name: name, index: i, enc: enc, dec: dec})
	}
	return out
}

var schemaOnce = sync.OnceValue(func() *csvSchema {
	s := &csvSchema{col: map[string]int{}, byName: map[string]*csvKind{}}
	addCol := func(n string) {
		if _, ok := s.col[n]; !ok {
			s.col[n] = len(s.header)
			s.header = append(s.header, n)
		}
	}
	rt := reflect.TypeFor[Register]()
	for i := range rt.NumField() {
		f := rt.Field(i)
		name := jsonName(f)
		if name == "" {
			continue
		}
		if f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct {
			k := &csvKind{name: name, field: i, elem: f.Type.Elem(), cells: cellsOf(f.Type.Elem()), keyCol: -1}
			for j, c := range k.cells {
				if c.name == "id" || (c.name == "seq" && k.keyCol < 0) {
					k.keyCol = j
				}
			}
			s.kinds = append(s.kinds, k)
			s.byName[name] = k
			continue
		}
		enc, dec := codecFor(f.Type)
		s.register = append(s.register, cellCodec{name: name, index: i, enc: enc, dec: dec})
		addCol(name)
	}
	for _, k := range s.kinds {
		for _, c := range k.cells {
			addCol(c.name)
		}
	}
	return s
})

// neutralize prefixes a cell that a spreadsheet would read as a formula,
// and writes a cell holding a carriage return as an apostrophe followed by
// a Go-quoted string (CSV readers drop a carriage return before a newline).
func neutralize(s string) string {
	if s == "" {
		return s
	}
	if strings.IndexByte(s, '\r') >= 0 {
		return "'" + strconv.Quote(s)
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\'':
		return "'" + s
	}
	return s
}

// restore undoes neutralize.
func restore(s string) (string, error) {
	switch {
	case strings.HasPrefix(s, "'\""):
		u, err := strconv.Unquote(s[1:])
		if err != nil {
			return "", fmt.Errorf("%w: a cell starting with '\" must be a quoted string", ErrInvalidInput)
		}
		return u, nil
	case strings.HasPrefix(s, "'"):
		return s[1:], nil
	}
	return s, nil
}

// WriteCSV writes the whole register in the layout [CSVLayout] describes:
// the register row first, then every record of every list in the order of
// the register's JSON form and, within a list, in slice order. Cells that a
// spreadsheet could run as a formula are neutralized.
//
// WriteCSV returns an error if a field cannot be encoded (for example an
// enum value with no text form; wraps [ErrInvalidInput]) or w fails.
func (r *Register) WriteCSV(w io.Writer) error {
	s := schemaOnce()
	cw := csv.NewWriter(w)
	rec := make([]string, len(s.header)+1)
	rec[0] = "record_type"
	copy(rec[1:], s.header)
	if err := cw.Write(rec); err != nil {
		return err
	}
	rv := reflect.ValueOf(r).Elem()
	fill := func(kind string, v reflect.Value, cells []cellCodec, id string) error {
		clear(rec)
		rec[0] = kind
		for _, c := range cells {
			f := v.Field(c.index)
			if f.IsZero() {
				continue
			}
			txt, err := c.enc(f)
			if err != nil {
				return fieldErr(kind+"["+strconv.Quote(truncate(id))+"]."+c.name, "", fmt.Errorf("%w: %v", ErrInvalidInput, err))
			}
			rec[1+s.col[c.name]] = neutralize(txt)
		}
		return cw.Write(rec)
	}
	if err := fill("register", rv, s.register, r.ID); err != nil {
		return err
	}
	for _, k := range s.kinds {
		list := rv.Field(k.field)
		for i := range list.Len() {
			v := list.Index(i)
			id := ""
			if k.keyCol >= 0 {
				id = fmt.Sprint(v.Field(k.cells[k.keyCol].index).Interface())
			}
			if err := fill(k.name, v, k.cells, id); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadCSV reads a register written by [Register.WriteCSV] (or edited in a
// spreadsheet). It is [MergeCSV] into an empty register.
func ReadCSV(r io.Reader) (*Register, error) { return MergeCSV(&Register{}, r) }

// MergeCSV applies a CSV file to a copy of base and returns the copy; base
// is not modified. A record whose kind and key (its id, or seq for history
// events) already exist in base replaces that record in place, so a
// re-import updates rather than duplicates; other records are appended in
// file order. A register row replaces the register's own fields.
//
// Every bad cell is reported, each as a [*CSVError] with its row and column,
// joined with [errors.Join]; a row with a bad cell is not applied, every
// other row is. So nothing is lost silently: each row is either applied or
// reported. The header must be "record_type" followed by known column names, in
// any order, each at most once.
//
// MergeCSV returns an error if the input is larger than [MaxCSVBytes]
// (wraps [ErrTooLarge]), is not CSV, or has a bad header (wrap
// [ErrInvalidInput]), with a nil register; otherwise the merged register
// and the joined cell errors (nil when there are none). Problems include an
// unknown kind, a missing key, a key repeated within the file, a cell in a
// column the kind does not have, and a cell that does not parse (wrap
// [ErrInvalidInput] or [ErrOutOfRange]).
func MergeCSV(base *Register, r io.Reader) (*Register, error) {
	if r == nil || base == nil {
		return nil, fieldErr("input", "", fmt.Errorf("%w: nil reader or register", ErrInvalidInput))
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxCSVBytes+1))
	if err != nil {
		return nil, fieldErr("input", "", fmt.Errorf("%w: %v", ErrInvalidInput, err))
	}
	if len(data) > MaxCSVBytes {
		return nil, fieldErr("input", "", fmt.Errorf("%w: more than %d bytes", ErrTooLarge, MaxCSVBytes))
	}
	s := schemaOnce()
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, &CSVError{Row: 1, Err: fmt.Errorf("%w: no header: %v", ErrInvalidInput, err)}
	}
	head = slices.Clone(head)       // the reader reuses its record slice
	colOf := make([]int, len(head)) // file column → schema column (-1 for kind)
	seenCol := map[string]bool{}
	var herrs []error
	kindCol := -1
	for i, h := range head {
		switch j, ok := s.col[h]; {
		case seenCol[h]:
			herrs = append(herrs, &CSVError{Row: 1, Column: i + 1, ColumnName: h, Value: truncate(h), Err: fmt.Errorf("%w: repeated column", ErrInvalidInput)})
		case h == "record_type":
			kindCol, colOf[i] = i, -1
		case !ok:
			herrs = append(herrs, &CSVError{Row: 1, Column: i + 1, ColumnName: truncate(h), Value: truncate(h), Err: fmt.Errorf("%w: unknown column", ErrInvalidInput)})
		default:
			colOf[i] = j
		}
		seenCol[h] = true
	}
	if kindCol < 0 {
		herrs = append(herrs, &CSVError{Row: 1, Err: fmt.Errorf("%w: no kind column", ErrInvalidInput)})
	}
	if len(herrs) > 0 {
		return nil, errors.Join(herrs...)
	}
	out := cloneLists(base)
	ov := reflect.ValueOf(out).Elem()
	// positions of existing records per kind and key
	pos := make(map[*csvKind]map[string]int, len(s.kinds))
	expect := make(map[*csvKind]int, len(s.kinds))
	keyOf := func(k *csvKind, v reflect.Value) string {
		f := v.Field(k.cells[k.keyCol].index)
		if f.Kind() == reflect.String {
			return f.String()
		}
		return fmt.Sprint(f.Interface())
	}
	for _, k := range s.kinds {
		m := map[string]int{}
		list := ov.Field(k.field)
		for i := range list.Len() {
			if key := keyOf(k, list.Index(i)); !hasKey(m, key) {
				m[key] = i
			}
		}
		pos[k] = m
		// Estimate the kind's rows when record_type is the first column (as
		// WriteCSV writes it), so the list grows once instead of doubling.
		if kindCol == 0 {
			expect[k] = bytes.Count(data, []byte("\n"+k.name+","))
		}
	}
	seenKey := map[*csvKind]map[string]int{}
	cellByName := func(cells []cellCodec) map[string]*cellCodec {
		m := make(map[string]*cellCodec, len(cells))
		for i := range cells {
			m[cells[i].name] = &cells[i]
		}
		return m
	}
	scratch := make(map[*csvKind]reflect.Value, len(s.kinds))
	for _, k := range s.kinds {
		scratch[k] = reflect.New(k.elem).Elem()
	}
	regCells := cellByName(s.register)
	kindCells := make(map[*csvKind]map[string]*cellCodec, len(s.kinds))
	for _, k := range s.kinds {
		kindCells[k] = cellByName(k.cells)
	}
	var errs []error
	report := func(e *CSVError) {
		if len(errs) < maxCSVErrors {
			errs = append(errs, e)
		}
	}
	registerSeen := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				// The reader has consumed the bad record's lines; later
				// records are still read, so none is dropped unreported.
				report(&CSVError{Row: pe.StartLine, Column: pe.Column, Err: fmt.Errorf("%w: %v", ErrInvalidInput, pe.Err)})
				continue
			}
			report(&CSVError{Err: fmt.Errorf("%w: %v", ErrInvalidInput, err)})
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(head) {
			report(&CSVError{Row: line, Err: fmt.Errorf("%w: %d cells, the header has %d", ErrInvalidInput, len(rec), len(head))})
			continue
		}
		kind := rec[kindCol]
		var target reflect.Value
		var cells map[string]*cellCodec
		var k *csvKind
		if kind == "register" {
			registerSeen++
			if registerSeen > 1 {
				report(&CSVError{Row: line, Column: kindCol + 1, ColumnName: "record_type", Value: kind, Err: fmt.Errorf("%w: second register row", ErrInvalidInput)})
				continue
			}
			target, cells = reflect.New(reflect.TypeFor[Register]()).Elem(), regCells
		} else if k = s.byName[kind]; k != nil {
			target, cells = scratch[k], kindCells[k]
			target.SetZero() // one scratch value per kind; records are copied out of it
		} else {
			report(&CSVError{Row: line, Column: kindCol + 1, ColumnName: "record_type", Value: truncate(kind), Err: fmt.Errorf("%w: unknown kind", ErrInvalidInput)})
			continue
		}
		bad := false
		for i, cell := range rec {
			if i == kindCol || cell == "" {
				continue
			}
			name := s.header[colOf[i]]
			c := cells[name]
			if c == nil {
				report(&CSVError{Row: line, Column: i + 1, ColumnName: name, Value: truncate(cell),
					Err: fmt.Errorf("%w: kind %s has no column %s", ErrInvalidInput, truncate(kind), name)})
				bad = true
				continue
			}
			txt, err := restore(cell)
			if err == nil {
				err = c.dec(target.Field(c.index), txt)
			}
			if err != nil {
				report(&CSVError{Row: line, Column: i + 1, ColumnName: name, Value: truncate(cell), Err: err})
				bad = true
			}
		}
		if bad {
			continue
		}
		if k == nil {
			for _, c := range s.register {
				ov.Field(c.index).Set(target.Field(c.index))
			}
			continue
		}
		key := keyOf(k, target)
		if k.cells[k.keyCol].name == "id" && key == "" {
			report(&CSVError{Row: line, Column: keyColumn(head, k.cells[k.keyCol].name), ColumnName: k.cells[k.keyCol].name,
				Err: fmt.Errorf("%w: a %s record needs an id", ErrInvalidInput, kind)})
			continue
		}
		if seenKey[k] == nil {
			seenKey[k] = map[string]int{}
		}
		if first, dup := seenKey[k][key]; dup {
			report(&CSVError{Row: line, Column: keyColumn(head, k.cells[k.keyCol].name), ColumnName: k.cells[k.keyCol].name, Value: truncate(key),
				Err: fmt.Errorf("%w: %s %s already given in row %d", ErrInvalidInput, kind, truncate(key), first)})
			continue
		}
		seenKey[k][key] = line
		list := ov.Field(k.field)
		if i, ok := pos[k][key]; ok {
			list.Index(i).Set(target)
			continue
		}
		n := list.Len()
		pos[k][key] = n
		if n == list.Cap() {
			grown := reflect.MakeSlice(list.Type(), n, max(2*n+16, n+expect[k]))
			reflect.Copy(grown, list)
			list.Set(grown)
		}
		list.SetLen(n + 1)
		list.Index(n).Set(target)
	}
	return out, errors.Join(errs...)
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// keyColumn returns the 1-based file column of a column name, 0 if absent.
func keyColumn(head []string, name string) int {
	for i, h := range head {
		if h == name {
			return i + 1
		}
	}
	return 0
}

// cloneLists returns a copy of r whose lists are fresh slices (records are
// replaced whole by MergeCSV, never modified in place).
func cloneLists(r *Register) *Register {
	out := *r
	ov := reflect.ValueOf(&out).Elem()
	for _, k := range schemaOnce().kinds {
		f := ov.Field(k.field)
		if f.IsNil() {
			continue
		}
		c := reflect.MakeSlice(f.Type(), f.Len(), f.Len())
		reflect.Copy(c, f)
		f.Set(c)
	}
	return &out
}
