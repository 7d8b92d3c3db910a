package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SchemaCandidates are the places, relative to the module root, where a
// run that names no schema (no -schema, no schema: key in the config) looks
// for one, in this order; the first that holds SQL is the schema
// (docs/schema.md, "Where the schema is found"). Folders of migrations come
// before single files, because a migrations folder is what builds the
// database and a schema.sql next to it is often a stale dump; sql/ and
// schema/ come last, because they also hold queries in some layouts.
var SchemaCandidates = []string{
	"migrations",
	"db/migrations",
	"database/migrations",
	"sql/migrations",
	"internal/db/migrations",
	"internal/database/migrations",
	"internal/migrations",
	"schema.sql",
	"db/schema.sql",
	"sql/schema.sql",
	"internal/db/schema.sql",
	"schema",
	"sql",
}

// Inputs are the files a run reads besides the Go code. Paths are relative
// to the working folder when they lie under it and absolute otherwise, so
// that they can be opened and read back in messages alike.
type Inputs struct {
	// Root is the module root (the nearest folder from the working folder
	// up with a go.mod file, else the working folder): relative -schema
	// and -config paths, the defaults and the candidates are resolved
	// against it, so every front end reads the same files from any folder.
	Root string
	// Config is the configuration file, "" when there is none.
	Config string
	// Schema is the schema file or folder, "" when the settings say the
	// module has none (-schema "" or schema: "").
	Schema string
	// SchemaFrom says where Schema was named, for messages: "-schema",
	// "schema: in <config>", or "found at the module root".
	SchemaFrom string
}

// NoSchemaNote returns the note the front ends print when the settings
// declare that the module has no schema, and "" otherwise.
func (in Inputs) NoSchemaNote() string {
	if in.Schema != "" {
		return ""
	}
	return fmt.Sprintf("note: no schema (%s): every table is treated as global, so no query is checked for tenant scope", in.SchemaFrom)
}

// ModuleRoot returns the nearest folder, from dir up, that holds a go.mod
// file.
func ModuleRoot(dir string) (string, bool) {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Resolve finds the module root, the configuration file and the schema the
// settings name or default to. It fails when nothing names a schema and
// none of SchemaCandidates holds SQL: a run against an empty schema would
// treat every table as global and pass everything.
func (s Settings) Resolve() (Inputs, error) {
	in, _, err := s.resolve()
	return in, err
}

// ConfigPath returns the configuration file the settings name, or the
// default file at the module root when it exists, or "". Unlike Resolve it
// needs no schema, for front ends that only read the config's sinks.
func (s Settings) ConfigPath() (string, error) {
	wd, root, err := workingFolders()
	if err != nil {
		return "", err
	}
	return s.configPath(wd, root)
}

// resolve is Resolve, also returning the parsed configuration file (empty
// when there is none).
func (s Settings) resolve() (Inputs, *File, error) {
	wd, root, err := workingFolders()
	if err != nil {
		return Inputs{}, nil, err
	}
	in := Inputs{Root: root}
	if in.Config, err = s.configPath(wd, root); err != nil {
		return Inputs{}, nil, err
	}
	file := &File{}
	if in.Config != "" {
		if file, err = LoadFile(in.Config); err != nil {
			return Inputs{}, nil, err
		}
	}
	switch {
	case s.SchemaSet || s.Schema != "":
		in.SchemaFrom = "-schema"
		if s.Schema == "" {
			in.SchemaFrom = `-schema ""`
			break
		}
		in.Schema = display(wd, resolvePath(root, s.Schema))
	case file.Schema != nil:
		in.SchemaFrom = "schema: in " + in.Config
		if *file.Schema == "" {
			in.SchemaFrom = `schema: "" in ` + in.Config
			break
		}
		dir, err := filepath.Abs(filepath.Dir(in.Config))
		if err != nil {
			return Inputs{}, nil, fmt.Errorf("read config %s: %w", in.Config, err)
		}
		in.Schema = display(wd, resolvePath(dir, *file.Schema))
	default:
		found, err := findSchema(root)
		if err != nil {
			return Inputs{}, nil, err
		}
		in.Schema = display(wd, found)
		in.SchemaFrom = "found at the module root"
	}
	return in, file, nil
}

// workingFolders returns the working folder and the module root around it.
func workingFolders() (wd, root string, err error) {
	wd, err = os.Getwd()
	if err != nil {
		return "", "", fmt.Errorf("find the working folder: %w", err)
	}
	root = wd
	if r, ok := ModuleRoot(wd); ok {
		root = r
	}
	return wd, root, nil
}

// configPath is ConfigPath for known folders.
func (s Settings) configPath(wd, root string) (string, error) {
	if s.ConfigFile != "" {
		return display(wd, resolvePath(root, s.ConfigFile)), nil
	}
	path := filepath.Join(root, DefaultConfigFile)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("read config %s: %w", display(wd, path), err)
	}
	return display(wd, path), nil
}

// findSchema returns the first of SchemaCandidates under root that holds
// SQL: a .sql file, or a folder with at least one .sql file directly in it
// (a folder of Go migrations is passed over).
func findSchema(root string) (string, error) {
	for _, c := range SchemaCandidates {
		path := filepath.Join(root, filepath.FromSlash(c))
		info, err := os.Stat(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("read schema %s: %w", path, err)
		}
		if !info.IsDir() {
			if strings.HasSuffix(c, ".sql") {
				return path, nil
			}
			continue
		}
		matches, err := filepath.Glob(filepath.Join(path, "*.sql"))
		if err != nil {
			return "", fmt.Errorf("read schema %s: %w", path, err)
		}
		if len(matches) > 0 {
			return path, nil
		}
	}
	return "", fmt.Errorf("no schema found: looked in %s for %s; point -schema at the migrations folder or schema file (or set schema: in %s), or pass -schema \"\" if the module sends no SQL", root, candidateList(), DefaultConfigFile)
}

// candidateList names SchemaCandidates for the error message, folders with
// a trailing slash.
func candidateList() string {
	names := make([]string, len(SchemaCandidates))
	for i, c := range SchemaCandidates {
		if strings.HasSuffix(c, ".sql") {
			names[i] = c
		} else {
			names[i] = c + "/"
		}
	}
	return strings.Join(names, ", ")
}

// resolvePath returns path, or base/path when path is relative.
func resolvePath(base, path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	return filepath.Join(base, path)
}

// display returns the absolute path abs relative to wd when it lies under
// wd, and abs otherwise.
func display(wd, abs string) string {
	rel, err := filepath.Rel(wd, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return abs
	}
	return rel
}
