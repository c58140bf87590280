package export

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
)

// writeCSV writes object o to root/<name>.csv: a header row, then every row with each value as
// DuckDB renders it as text (sql/select_text.sql) and NULL as an empty field. Values are
// written exactly as stored: this file is data for other tools, not a spreadsheet, so text that
// starts with "=" is not altered (the workbooks of reports are where that protection lives).
// It sets o.Rows and o.Path.
func writeCSV(ctx context.Context, conn *sql.Conn, root string, o *Object) error {
	o.PartitionedBy = "" // CSV is one file per object
	o.Path = o.Name + ".csv"
	rows, err := conn.QueryContext(ctx, stmtSelectText.text(), o.Name)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}

	f, err := os.OpenFile(filepath.Join(root, o.Path), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer f.Close() // after the explicit Close, a second one is a harmless error
	bw := bufio.NewWriterSize(f, 256<<10)
	w := csv.NewWriter(bw)
	if err := w.Write(cols); err != nil {
		return err
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	rec := make([]string, len(cols))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			rec[i] = v.String // "" when NULL
		}
		if err := w.Write(rec); err != nil {
			return err
		}
		o.Rows++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("write %s: %w", o.Path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", o.Path, err)
	}
	// publish syncs the file with the rest of the export (atomicfile.ReplaceDir).
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", o.Path, err)
	}
	return nil
}
