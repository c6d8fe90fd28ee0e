package orm

import (
	"fmt"
	"reflect"
	"sort"
	"sync"
)

// Registry is the set of an application's models: what makemigrations
// compares with the migrations, and what foreign keys resolve against.
// The framework keeps one per App; it is not safe to Register while
// other goroutines use it.
type Registry struct {
	models  []*Model
	byTable map[string]*Model
	byName  map[string]*Model
}

// NewRegistry returns a registry holding models (struct values or
// pointers, as Register).
func NewRegistry(models ...any) (*Registry, error) {
	r := &Registry{byTable: map[string]*Model{}, byName: map[string]*Model{}}
	if err := r.Register(models...); err != nil {
		return nil, err
	}
	return r, nil
}

// Register adds models, given as values of their types (Post{} or
// &Post{}), and resolves the foreign keys among all registered models.
// Registering the same type twice is harmless; two types with one table
// name are an error.
func (r *Registry) Register(models ...any) error {
	for _, v := range models {
		m, err := modelOfType(reflect.TypeOf(v))
		if err != nil {
			return err
		}
		if old, ok := r.byTable[m.Table]; ok {
			if old.Type == m.Type {
				continue
			}
			return fmt.Errorf("orm: models %s and %s both use table %q", old.Type, m.Type, m.Table)
		}
		if old, ok := r.byName[m.Name]; ok {
			return fmt.Errorf("orm: two models named %s (%s and %s)", m.Name, old.Type, m.Type)
		}
		r.models = append(r.models, m)
		r.byTable[m.Table] = m
		r.byName[m.Name] = m
	}
	return r.resolve()
}

// resolveMu serializes the writes of resolve: models are described once
// per type and shared by every registry (and query) in the process, so
// registries made at once — an App per parallel test — would otherwise
// write the same foreign keys concurrently.
var resolveMu sync.Mutex

// resolve fills each foreign key's table and column from the model it
// names (a Go type name or a table name). A key already resolved to the
// same target is left alone, so that queries reading it never race with
// a later registry.
func (r *Registry) resolve() error {
	resolveMu.Lock()
	defer resolveMu.Unlock()
	for _, m := range r.models {
		for _, f := range m.Fields {
			if f.FK == nil {
				continue
			}
			target, ok := r.byName[f.FK.Model]
			if !ok {
				target, ok = r.byTable[f.FK.Model]
			}
			if !ok {
				return fmt.Errorf("orm: model %s: field %s: foreign key to %q, which is not a registered model", m.Name, f.Name, f.FK.Model)
			}
			if baseKind(f.Type) != baseKind(target.PK.Type) {
				return fmt.Errorf("orm: model %s: field %s (%s) refers to %s.%s (%s): the types differ", m.Name, f.Name, f.Type, target.Name, target.PK.Name, target.PK.Type)
			}
			if f.FK.Table != target.Table || f.FK.Column != target.PK.Column {
				f.FK.Table, f.FK.Column = target.Table, target.PK.Column
			}
		}
	}
	return nil
}

// Models returns the registered models sorted by table name.
func (r *Registry) Models() []*Model {
	out := append([]*Model(nil), r.models...)
	sort.Slice(out, func(i, j int) bool { return out[i].Table < out[j].Table })
	return out
}

// Model returns a registered model by Go type name or table name.
func (r *Registry) Model(name string) (*Model, bool) {
	if m, ok := r.byName[name]; ok {
		return m, true
	}
	m, ok := r.byTable[name]
	return m, ok
}
