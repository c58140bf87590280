package pipeline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gnlc/fixtures"
)

// Source is one loaded input file, as recorded in the sources table.
type Source struct {
	ID       int64
	Path     string // the file's identity: its absolute path (+ "#sheet"), or an embedded name
	Kind     Kind
	SHA256   string
	Rows     int64
	LoadedAt time.Time
}

// queryer is what the source lookups run on: a *sql.DB, *sql.Conn or *sql.Tx.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// scanSource reads one source row (source_id, path, kind, sha256, rows, loaded_at); it returns
// nil, nil when there is none.
func scanSource(row *sql.Row) (*Source, error) {
	s, err := scanSourceFrom(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return s, err
}

// scanSourceFrom reads the source at a row of a query (a *sql.Row or a *sql.Rows).
func scanSourceFrom(row interface{ Scan(...any) error }) (*Source, error) {
	var s Source
	var kind string
	if err := row.Scan(&s.ID, &s.Path, &kind, &s.SHA256, &s.Rows, &s.LoadedAt); err != nil {
		return nil, err
	}
	s.Kind = Kind(kind)
	return &s, nil
}

// FindSource returns the source that ref names: a source id ("3"), the path recorded in
// sources.path ("fixtures/announcements.csv", "/data/register.csv#Members"), or a path on disk
// that leads to it (relative, or through a symbolic link). A ref that names none is an error
// wrapping ErrNoSource.
func FindSource(ctx context.Context, q queryer, ref string) (*Source, error) {
	if ref == "" {
		return nil, fmt.Errorf("source %q: %w", ref, ErrNoSource)
	}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil && id > 0 {
		s, err := scanSource(q.QueryRowContext(ctx, stmtSourceByID.text(), id))
		if err != nil || s != nil {
			return s, err
		}
	}
	candidates := []string{ref}
	if abs, err := filepath.Abs(ref); err == nil {
		candidates = append(candidates, abs)
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			candidates = append(candidates, real)
		}
	}
	for _, c := range candidates {
		s, err := scanSource(q.QueryRowContext(ctx, stmtSourceByPath.text(), c))
		if err != nil || s != nil {
			return s, err
		}
	}
	return nil, fmt.Errorf("source %q: %w", ref, ErrNoSource)
}

// sourcesBySHA256 returns the sources whose file had this content, except source except.
func sourcesBySHA256(ctx context.Context, q queryer, sha string, except int64) ([]Source, error) {
	rows, err := q.QueryContext(ctx, stmtSourcesByContent.text(), sha, except)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Source
	for rows.Next() {
		s, err := scanSourceFrom(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	return out, rows.Err()
}

// sameSelection reports whether a source recorded as path read the same part of a file as in
// does: any path for a text file; for a workbook, the same sheet ("#<sheet>" suffix, or none).
func sameSelection(in input, sheet, path string) bool {
	if !in.xlsx {
		return true
	}
	if sheet != "" {
		return strings.HasSuffix(path, "#"+sheet)
	}
	return !strings.Contains(filepath.Base(path), "#")
}

// Removal is what RemoveSource removed.
type Removal struct {
	Source                          Source
	Members, Reports, Announcements int64
	Cities                          CityList // the members removed, by name
}

// RemoveSource deletes the source ref names (see FindSource) and every row it loaded, in one
// transaction on db: either all of it goes or nothing does.
func RemoveSource(ctx context.Context, db *sql.DB, ref string) (*Removal, error) {
	tx, err := db.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return nil, fmt.Errorf("remove source %s: begin: %w", ref, err)
	}
	committed := false
	defer func() {
		if !committed {
			_ = tx.Rollback()
		}
	}()
	src, err := FindSource(ctx, tx, ref)
	if err != nil {
		return nil, fmt.Errorf("remove %w", err)
	}
	r := &Removal{Source: *src}
	if err := tx.QueryRowContext(ctx, stmtSourceRowCounts.text(), src.ID).Scan(&r.Members, &r.Reports, &r.Announcements); err != nil {
		return nil, fmt.Errorf("remove source %s: count rows: %w", src.Path, err)
	}
	rows, err := tx.QueryContext(ctx, stmtSourceCities.text(), src.ID)
	if err != nil {
		return nil, fmt.Errorf("remove source %s: list cities: %w", src.Path, err)
	}
	if err := appendCities(rows, &r.Cities); err != nil {
		return nil, fmt.Errorf("remove source %s: list cities: %w", src.Path, err)
	}
	if err := deleteSource(ctx, tx, src.ID); err != nil {
		return nil, fmt.Errorf("remove source %s: %w", src.Path, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("remove source %s: commit: %w", src.Path, err)
	}
	committed = true
	return r, nil
}

// deleteSource deletes a source and its rows from every table (it may have been of any kind).
func deleteSource(ctx context.Context, tx *sql.Tx, id int64) error {
	for _, s := range []statement{stmtDeleteSourceMembers, stmtDeleteSourceReports, stmtDeleteSourceAnnouncements, stmtDeleteSource} {
		if _, err := tx.ExecContext(ctx, s.text(), id); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// appendCities reads (city, iso3) rows into list and closes them.
func appendCities(rows *sql.Rows, list *CityList) error {
	defer rows.Close()
	for rows.Next() {
		var city, iso3 string
		if err := rows.Scan(&city, &iso3); err != nil {
			return err
		}
		list.Count++
		if len(list.Names) < maxDiffNames {
			list.Names = append(list.Names, fmt.Sprintf("%s (%s)", city, iso3))
		}
	}
	return rows.Err()
}

// seededKey marks, in gnlc_meta, a database that received its initial sources.
const seededKey = "seeded"

// Seed gives a new database its initial sources: it loads each file (the network's published
// figures) once in the database's life. A database already seeded, or one that already holds
// sources (made by an older gnlc), is only marked, so that removing a seeded source is final.
// It returns the results of the files it loaded (none on a database seeded before).
func (ing *Ingester) Seed(ctx context.Context, files []fixtures.File) ([]*FileResult, error) {
	var seeded, sources int64
	if err := ing.DB.QueryRowContext(ctx, stmtMetaCount.text(), seededKey).Scan(&seeded); err != nil {
		return nil, fmt.Errorf("seed the database: %w", err)
	}
	if seeded > 0 {
		return nil, nil
	}
	if err := ing.DB.QueryRowContext(ctx, stmtCountSources.text()).Scan(&sources); err != nil {
		return nil, fmt.Errorf("seed the database: %w", err)
	}
	var results []*FileResult
	if sources == 0 {
		for _, f := range files {
			res, err := ing.IngestBytes(ctx, f.Name, f.Data, FileOptions{})
			if err != nil {
				return results, fmt.Errorf("seed the database: %w", err)
			}
			results = append(results, res)
		}
	}
	// Interrupted before this line, the next open finds the sources loaded and only marks.
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	if _, err := ing.DB.ExecContext(ctx, stmtMetaSet.text(), seededKey, strings.Join(names, ",")); err != nil {
		return results, fmt.Errorf("seed the database: %w", err)
	}
	return results, nil
}
