// Package export writes the database's tables and question views to files that other tools read
// unchanged, for analysts who outgrow one machine: Parquet, partitioned by year_joined in the
// Hive layout (members/year_joined=2015/data_0.parquet) that Spark, Trino and BigQuery
// understand, or one CSV file per object.
//
// It sits at the end of the flow, beside reports, and reads the database only:
//
//	DuckDB tables and views ──query_table($1) as Arrow──▶ Parquet / CSV files in DIR
//
// The objects come from DuckDB's catalog (sql/objects.sql), so a view that queries adds is
// exported without a change here. The whole export is written into a temporary folder beside
// DIR and renamed into place, so DIR holds either the previous export or the new one, whole.
//
// Why Arrow and not DuckDB's COPY: DuckDB 1.1.2 does not accept a bound parameter as COPY's
// target (`COPY ... TO $2` is a parser error; TestCopyTargetNotBindable keeps the proof), and
// SQL text is never built in Go. query_table($1) does take the object's name as a parameter,
// so every statement here is a fixed, embedded file; the rows come back as Arrow record batches
// and pqarrow (or encoding/csv) writes them, with the Hive layout built here.
package export

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"runtime/debug"
	"time"

	"gnlc/internal/atomicfile"
)

// Format is what the files are written as.
type Format string

// The formats Run writes.
const (
	FormatParquet Format = "parquet"
	FormatCSV     Format = "csv"
)

// PartitionColumn is the column the Parquet export partitions by, when an object has it.
const PartitionColumn = "year_joined"

// ManifestName is the file every export folder holds: what was written, and proof that the
// folder is a gnlc export that a later export may replace. Spark and Trino skip files whose
// name starts with "_".
const ManifestName = "_gnlc_export.json"

// Sentinels; inspect them with errors.Is.
var (
	ErrFormat    = errors.New("unknown export format")
	ErrNotExport = errors.New("folder exists and is not a gnlc export")
)

// Options control Run.
type Options struct {
	Format Format
	// Dir is the folder to write. It must not exist, be empty, or hold a previous export (with
	// its ManifestName); anything else is refused rather than replaced.
	Dir string
	// Version is gnlc's version, recorded in the manifest and, with the VCS revision the binary
	// was built from, in every Parquet file's created_by.
	Version string
	// Build is the VCS revision the binary was built from, as the build set it (make build
	// passes git's); "" reads it from the binary's build info, where Go stamped one.
	Build string
	// Now stamps the manifest.
	Now    func() time.Time
	Logger *slog.Logger
}

// Object is one table or view as exported.
type Object struct {
	Name string `json:"name"`
	Kind string `json:"kind"` // table | view
	// PartitionedBy is PartitionColumn when the Parquet files are Hive-partitioned by it.
	PartitionedBy string `json:"partitioned_by,omitempty"`
	Rows          int64  `json:"rows"`
	// Path is where the object's files are, relative to Dir: a folder (Parquet) or a file (CSV).
	Path string `json:"path"`
}

// Manifest describes an export; Run writes it to Dir/ManifestName.
type Manifest struct {
	Format      Format    `json:"format"`
	GnlcVersion string    `json:"gnlc_version"`
	ExportedAt  time.Time `json:"exported_at"`
	Objects     []Object  `json:"objects"`
}

// plainName is what an object's name must look like to become a file name: the catalog of an
// analyst's database may hold a view called "../x".
var plainName = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// Run writes every table and view of db to opts.Dir in opts.Format, and returns what it wrote.
// It only reads db; on any error (or when ctx is cancelled) it removes what it wrote and
// leaves opts.Dir as it was.
func Run(ctx context.Context, db *sql.DB, opts Options) (*Manifest, error) {
	if opts.Format != FormatParquet && opts.Format != FormatCSV {
		return nil, fmt.Errorf("export: %w %q: expected parquet or csv", ErrFormat, opts.Format)
	}
	if opts.Dir == "" {
		return nil, errors.New("export: no output folder given")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	dir, err := resolveDir(opts.Dir)
	if err != nil {
		return nil, err
	}
	if err := checkReplaceable(dir); err != nil {
		return nil, err
	}

	// One connection for the whole export: the Arrow interface works on a driver connection,
	// and every object is read from the same one. The database is opened read-only (or is the
	// private in-memory default), so no writer can change it between two objects.
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	defer conn.Close()

	objects, err := listObjects(ctx, conn, opts.Logger)
	if err != nil {
		return nil, err
	}

	removeStale(dir, opts.Logger)
	tmp, err := atomicfile.MkdirTemp(dir)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	published := false
	defer func() {
		if !published {
			_ = os.RemoveAll(tmp)
		}
	}()

	m := &Manifest{Format: opts.Format, GnlcVersion: opts.Version, ExportedAt: opts.Now().UTC()}
	info, _ := debug.ReadBuildInfo()
	if opts.Build != "" {
		info = &debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: opts.Build}}}
	}
	writer := createdBy(opts.Version, info)
	for _, o := range objects {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		start := time.Now()
		switch opts.Format {
		case FormatParquet:
			err = writeParquet(ctx, conn, tmp, writer, &o)
		case FormatCSV:
			err = writeCSV(ctx, conn, tmp, &o)
		}
		if err != nil {
			return nil, fmt.Errorf("export %s %s: %w", o.Kind, o.Name, err)
		}
		opts.Logger.Debug("exported", "object", o.Name, "kind", o.Kind, "rows", o.Rows, "took", time.Since(start))
		m.Objects = append(m.Objects, o)
	}
	if err := writeManifest(tmp, m); err != nil {
		return nil, err
	}
	if err := publish(tmp, dir); err != nil {
		return nil, err
	}
	published = true
	return m, nil
}

// listObjects reads the catalog: the tables and views to export, in a stable order.
func listObjects(ctx context.Context, conn *sql.Conn, log *slog.Logger) ([]Object, error) {
	rows, err := conn.QueryContext(ctx, stmtObjects.text())
	if err != nil {
		return nil, fmt.Errorf("export: list tables and views: %w", err)
	}
	defer rows.Close()
	var out []Object
	for rows.Next() {
		var o Object
		var partitioned bool
		if err := rows.Scan(&o.Name, &o.Kind, &partitioned); err != nil {
			return nil, fmt.Errorf("export: list tables and views: %w", err)
		}
		if !plainName.MatchString(o.Name) {
			log.Warn("export: skipped an object whose name cannot be a file name", "kind", o.Kind, "name", o.Name)
			continue
		}
		if partitioned {
			o.PartitionedBy = PartitionColumn
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("export: list tables and views: %w", err)
	}
	return out, nil
}
