package export

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"gnlc/pipeline"
)

// Every file marks its root schema node REQUIRED and names its writer as engines parse it, read
// by DuckDB's own Parquet metadata functions rather than by the library that wrote them; and a
// second export of the same database writes the same bytes.
func TestRun_parquetFooter(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	dir := filepath.Join(t.TempDir(), "export")
	runExport(t, db, FormatParquet, dir)
	files := parquetFiles(t, dir)
	if len(files) != 14 {
		t.Fatalf("%d Parquet files, want 14 (TestRun_parquetLayout)", len(files))
	}
	again := filepath.Join(t.TempDir(), "again")
	runExport(t, db, FormatParquet, again)
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		a, errA := os.ReadFile(f)
		b, errB := os.ReadFile(filepath.Join(again, rel))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two exports of the same database (%v, %v)", rel, errA, errB)
		}
	}
	// parquet-mr's VersionParser: "<application> version <semver> (build <hash>)".
	conventional := regexp.MustCompile(`^gnlc version test \(build [^\s()]+\)$`)
	for _, f := range files {
		var root, createdBy string
		if err := db.QueryRowContext(t.Context(),
			"SELECT repetition_type FROM parquet_schema($1) WHERE name = 'schema'", f).Scan(&root); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := db.QueryRowContext(t.Context(),
			"SELECT created_by FROM parquet_file_metadata($1)", f).Scan(&createdBy); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		rel, _ := filepath.Rel(dir, f)
		if root != "REQUIRED" {
			t.Errorf("%s: root schema node %s, want REQUIRED", rel, root)
		}
		if !conventional.MatchString(createdBy) {
			t.Errorf("%s: created_by %q, want %s", rel, createdBy, conventional)
		}
	}
}

func TestCreatedBy(t *testing.T) {
	t.Parallel()
	stamped := func(settings ...debug.BuildSetting) *debug.BuildInfo {
		return &debug.BuildInfo{Settings: settings}
	}
	rev := debug.BuildSetting{Key: "vcs.revision", Value: "f6a7750c0ffee"}
	tests := []struct {
		name    string
		version string
		info    *debug.BuildInfo
		want    string
	}{
		{"release", "v1.2.0", stamped(rev, debug.BuildSetting{Key: "vcs.modified", Value: "false"}), "gnlc version v1.2.0 (build f6a7750c0ffee)"},
		{"modified tree", "f6a7750-dirty", stamped(rev, debug.BuildSetting{Key: "vcs.modified", Value: "true"}), "gnlc version f6a7750-dirty (build f6a7750c0ffee-dirty)"},
		{"no VCS stamp", "dev", stamped(), "gnlc version dev (build unknown)"},
		{"no build info", "dev", nil, "gnlc version dev (build unknown)"},
		{"no version", "", stamped(rev), "gnlc version unknown (build f6a7750c0ffee)"},
		{"spaces and parentheses", " 1.0 (beta) ", nil, "gnlc version 1.0--beta- (build unknown)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := createdBy(tt.version, tt.info); got != tt.want {
				t.Errorf("createdBy(%q) = %q, want %q", tt.version, got, tt.want)
			}
		})
	}
}

// parquetFiles returns every Parquet file below dir.
func parquetFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".parquet") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// checkTextStatistics: in every file below dir, the min and max statistics of each text column
// are its smallest and largest value. With the conventional created_by, engines trust them to
// skip row groups. Before the records were kept until the writer closed, they held whatever had
// reused the memory of the records written.
func checkTextStatistics(t *testing.T, db *sql.DB, dir string) {
	t.Helper()
	type minMax struct{ Min, Max sql.NullString }
	read := func(query, file string) map[string]minMax {
		rows, err := db.QueryContext(t.Context(), query, file)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		defer rows.Close()
		out := map[string]minMax{}
		for rows.Next() {
			var name string
			var m minMax
			if err := rows.Scan(&name, &m.Min, &m.Max); err != nil {
				t.Fatal(err)
			}
			out[name] = m
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		return out
	}
	files := parquetFiles(t, dir)
	if len(files) == 0 {
		t.Fatalf("no Parquet file in %s", dir)
	}
	checked := 0
	for _, f := range files {
		// Top-level text columns: a list's elements have a path "items, list, element".
		stats := read(`SELECT path_in_schema, min(stats_min_value), max(stats_max_value)
			FROM parquet_metadata($1)
			WHERE type = 'BYTE_ARRAY' AND NOT contains(path_in_schema, ',')
			GROUP BY ALL`, f)
		values := read(`SELECT name, min(value), max(value)
			FROM (UNPIVOT (SELECT COLUMNS(*)::VARCHAR FROM read_parquet($1)) ON COLUMNS(*) INTO NAME name VALUE value)
			GROUP BY name`, f)
		rel, _ := filepath.Rel(dir, f)
		checked += len(stats)
		for name, s := range stats {
			if v := values[name]; s != v { // a column of NULLs only has no statistics, and no values
				t.Errorf("%s: column %s: statistics min %q, max %q; values min %q, max %q",
					rel, name, s.Min.String, s.Max.String, v.Min.String, v.Max.String)
			}
		}
	}
	if checked == 0 {
		t.Fatalf("no text column with statistics in %d files", len(files))
	}
}

// openDefaultRegister opens gnlc's own schema with the embedded default register, as gnlc
// export does before any ingest: every table and view gnlc exports.
func openDefaultRegister(t *testing.T) *sql.DB {
	t.Helper()
	db, err := pipeline.Open(t.Context(), "", pipeline.DefaultRegister, pipeline.OpenOptions{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// namedDB opens a database to export.
type namedDB struct {
	name string
	open func(*testing.T) *sql.DB
}

// exportedDBs are the databases the Parquet tests export: gnlc's own schema with the default
// register, testSchema and typesSchema.
func exportedDBs() []namedDB {
	return []namedDB{{"default register", openDefaultRegister}, {"test schema", newTestDB}, {"types", newTypesDB}}
}

// TestRun_parquetStatistics: in every file, the min and max statistics of each text column are
// its smallest and largest value (checkTextStatistics).
func TestRun_parquetStatistics(t *testing.T) {
	t.Parallel()
	for _, tt := range exportedDBs() {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := tt.open(t)
			dir := filepath.Join(t.TempDir(), "export")
			runExport(t, db, FormatParquet, dir)
			checkTextStatistics(t, db, dir)
		})
	}
}
