package export

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/parquet"
	"github.com/apache/arrow/go/v17/parquet/compress"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"
	"github.com/marcboeker/go-duckdb"
)

// dataFile is the name of the one Parquet file per folder, as DuckDB's own COPY names it.
const dataFile = "data_0.parquet"

// hiveNull is the folder-name value Hive, Spark and Trino read as NULL.
const hiveNull = "__HIVE_DEFAULT_PARTITION__"

// writeParquet writes object o under root/<name>/: Hive-partitioned by PartitionColumn when the
// object has that column and rows, one file otherwise. Every file's footer names createdBy as
// its writer (see createdBy). It sets o.Rows and o.Path.
func writeParquet(ctx context.Context, conn *sql.Conn, root, createdBy string, o *Object) error {
	o.Path = o.Name
	base := filepath.Join(root, o.Name)
	if err := os.Mkdir(base, 0o755); err != nil {
		return err
	}
	var labels []sql.NullString
	if o.PartitionedBy != "" {
		var err error
		if labels, err = partitionLabels(ctx, conn, o.Name); err != nil {
			return err
		}
		if len(labels) == 0 {
			// No rows, so no partition: one empty file keeps the schema (year_joined included,
			// as a plain column), which readers need to know the columns.
			o.PartitionedBy = ""
		}
	}
	if o.PartitionedBy == "" {
		n, err := queryToParquet(ctx, conn, filepath.Join(base, dataFile), createdBy, stmtSelectAll.text(), o.Name)
		o.Rows = n
		return err
	}
	for _, label := range labels {
		if err := ctx.Err(); err != nil {
			return err
		}
		value := hiveNull
		if label.Valid {
			value = hiveEscape(label.String)
		}
		part := filepath.Join(base, PartitionColumn+"="+value)
		if err := os.Mkdir(part, 0o755); err != nil {
			return err
		}
		var arg any // go-duckdb's Arrow interface binds plain values only, not driver.Valuers
		if label.Valid {
			arg = label.String
		}
		n, err := queryToParquet(ctx, conn, filepath.Join(part, dataFile), createdBy, stmtSelectPartition.text(), o.Name, arg)
		if err != nil {
			return fmt.Errorf("partition %s=%s: %w", PartitionColumn, value, err)
		}
		o.Rows += n
	}
	return nil
}

// partitionLabels returns the distinct values of PartitionColumn in object name, as text.
func partitionLabels(ctx context.Context, conn *sql.Conn, name string) ([]sql.NullString, error) {
	rows, err := conn.QueryContext(ctx, stmtPartitions.text(), name)
	if err != nil {
		return nil, fmt.Errorf("list partitions: %w", err)
	}
	defer rows.Close()
	var out []sql.NullString
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("list partitions: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list partitions: %w", err)
	}
	return out, nil
}

// queryToParquet runs query with args through DuckDB's Arrow interface and writes the result to
// a new Parquet file at path whose footer names createdBy, returning the number of rows written.
//
// go-duckdb's Arrow QueryContext holds the whole result in memory; the objects are a register's
// tables and the views over them (thousands of rows), and a partitioned object is read one
// partition at a time.
func queryToParquet(ctx context.Context, conn *sql.Conn, path, createdBy, query string, args ...any) (int64, error) {
	var rows int64
	err := conn.Raw(func(dc any) error {
		dconn, ok := dc.(driver.Conn)
		if !ok {
			return errors.New("not a database/sql driver connection")
		}
		ar, err := duckdb.NewArrowFromConn(dconn)
		if err != nil {
			return err
		}
		rdr, err := ar.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rdr.Release()
		rows, err = writeParquetFile(path, createdBy, rdr)
		return err
	})
	return rows, err
}

// writeParquetFile writes every record of rdr to a new file at path (see writerProperties). The
// file sits in the export's temporary folder, so a failure leaves nothing visible; publish syncs
// it with the rest of the export (atomicfile.ReplaceDir).
func writeParquetFile(path, createdBy string, rdr array.RecordReader) (int64, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, err
	}
	sink := &sinkFile{f: f}
	defer f.Close() // after sink.Close, a second Close is a harmless error
	w, err := pqarrow.NewFileWriter(rdr.Schema(), sink, writerProperties(createdBy), pqarrow.DefaultWriterProps())
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	// The statistics of a text column keep its smallest and largest value as slices of the
	// records written, not copies, until Close writes them into the footer (arrow-go v17; fixed
	// upstream by arrow-go pull request 917), and go-duckdb's reader frees each record at the
	// next Next: the footer then held whatever had reused that memory (and comparing with it
	// could crash). So every record is kept until the writer is closed: one file's rows as Arrow,
	// at most a partition of a register, beside the result go-duckdb holds anyway.
	var held []arrow.Record
	defer func() {
		for _, rec := range held {
			rec.Release()
		}
	}()
	var n int64
	for rdr.Next() {
		rec := rdr.Record()
		rec.Retain()
		held = append(held, rec)
		if err := w.WriteBuffered(rec); err != nil {
			_ = w.Close()
			return 0, fmt.Errorf("write %s: %w", filepath.Base(path), err)
		}
		n += rec.NumRows()
	}
	if err := rdr.Err(); err != nil {
		_ = w.Close()
		return 0, err
	}
	// Close writes the footer and closes the sink. parquet's file.Writer.Close drops the error of
	// writing the footer (it returns only the sink's Close error), so the sink keeps the first
	// write error itself.
	err = w.Close()
	if err == nil {
		err = sink.err
	}
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return n, nil
}

// writerProperties are how every file is written:
//   - Snappy compression, what Spark writes by default and every Parquet reader has;
//   - a REQUIRED root schema node, as DuckDB writes it. arrow-go marks it REPEATED by default,
//     which arrow-rs and DuckDB tolerate but hyparquet (the pure JavaScript reader of browser
//     Parquet viewers) does not: it fails on every non-empty file with "Offset is outside the
//     bounds of the DataView";
//   - createdBy in the footer, in the form engines parse (see createdBy).
func writerProperties(createdBy string) *parquet.WriterProperties {
	return parquet.NewWriterProperties(
		parquet.WithCompression(compress.Codecs.Snappy),
		parquet.WithRootRepetition(parquet.Repetitions.Required),
		parquet.WithCreatedBy(createdBy),
	)
}

// createdBy returns the Parquet footer's created_by for gnlc version (as cmd/gnlc passes it, set
// at build time with -ldflags "-X main.version=...") built from info: "gnlc version X (build Y)",
// the "<application> version <version> (build <hash>)" form that parquet-mr, Arrow and Spark
// parse to decide which writer's known bugs to allow for, and so whether to trust its
// statistics. X is version ("unknown" when empty); Y is the VCS revision the binary was built
// from (runtime/debug.ReadBuildInfo; "-dirty" when the tree had changes), "unknown" where Go
// stamped none (go test, go run of single files). The same binary always writes the same text,
// so an export stays byte-identical across runs.
func createdBy(version string, info *debug.BuildInfo) string {
	build := "unknown"
	if info != nil {
		var revision, modified string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if revision != "" {
			build = revision
			if modified == "true" {
				build += "-dirty"
			}
		}
	}
	return "gnlc version " + createdByToken(version) + " (build " + createdByToken(build) + ")"
}

// createdByToken makes s one token of created_by: parsers split on spaces and read the build up
// to ')', so a space or parenthesis in a version set at build time becomes '-'.
func createdByToken(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '(' || r == ')' {
			return '-'
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" {
		return "unknown"
	}
	return s
}

// sinkFile is the Parquet writer's sink: it remembers the first write error, which the writer's
// Close drops.
type sinkFile struct {
	f   *os.File
	err error
}

func (s *sinkFile) Write(p []byte) (int, error) {
	n, err := s.f.Write(p)
	if err != nil && s.err == nil {
		s.err = err
	}
	return n, err
}

func (s *sinkFile) Close() error { return s.f.Close() }

// hiveEscape makes a partition value safe as a folder name the way Hive does: every byte other
// than a letter, digit, '_', '-' or '.' becomes %XX, and "." and ".." are escaped whole.
// Readers of the Hive layout unescape %XX; a year is written as is.
func hiveEscape(s string) string {
	if s == "" {
		return hiveNull
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_', c == '-':
			b.WriteByte(c)
		case c == '.' && s != "." && s != "..":
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
