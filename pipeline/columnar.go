package pipeline

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	duckdb "github.com/marcboeker/go-duckdb"

	"gnlc/queries"
)

// Columnar is queries' columnar reader over db (queries.WithColumnar): each query runs on a
// connection of its own through go-duckdb's Arrow interface, and its batches are that query's
// Arrow records. Like database/sql's rows, go-duckdb holds the whole result before the first
// batch (queries pages its large questions for that reason); the records live outside Go's
// heap and are released when the next one is asked for or the range ends.
//
// Only queries run here: nothing is registered as an Arrow view, so go-duckdb's view bug
// (duckdb/duckdb-go issue 24, see load.go) does not apply.
func Columnar(db *sql.DB) queries.Columnar {
	return func(ctx context.Context, query string, args ...any) iter.Seq2[queries.Batch, error] {
		return func(yield func(queries.Batch, error) bool) {
			conn, err := db.Conn(ctx)
			if err != nil {
				yield(nil, err)
				return
			}
			defer conn.Close()
			stopped := false
			err = conn.Raw(func(dc any) error {
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
				if err := checkColumns(rdr.Schema()); err != nil {
					return err
				}
				b := &arrowBatch{}
				for rdr.Next() {
					b.rec = rdr.Record()
					if !yield(b, nil) {
						stopped = true
						return nil
					}
				}
				return rdr.Err()
			})
			if err != nil && !stopped {
				yield(nil, err)
			}
		}
	}
}

// arrowBatch reads one Arrow record as a queries.Batch: the column types DuckDB gives a query's
// result (VARCHAR as utf8, integers, DOUBLE, DATE as date32, BOOLEAN).
type arrowBatch struct{ rec arrow.Record }

func (b *arrowBatch) Len() int { return int(b.rec.NumRows()) }

func (b *arrowBatch) String(col, row int) (string, bool) {
	switch a := b.rec.Column(col).(type) {
	case *array.String:
		if a.IsNull(row) {
			return "", false
		}
		return a.Value(row), true
	case *array.LargeString:
		if a.IsNull(row) {
			return "", false
		}
		return a.Value(row), true
	case *array.StringView:
		if a.IsNull(row) {
			return "", false
		}
		return a.Value(row), true
	}
	return "", false
}

func (b *arrowBatch) Int(col, row int) (int64, bool) {
	c := b.rec.Column(col)
	if c.IsNull(row) {
		return 0, false
	}
	switch a := c.(type) {
	case *array.Int32:
		return int64(a.Value(row)), true
	case *array.Int64:
		return a.Value(row), true
	case *array.Int16:
		return int64(a.Value(row)), true
	case *array.Int8:
		return int64(a.Value(row)), true
	case *array.Uint32:
		return int64(a.Value(row)), true
	case *array.Uint16:
		return int64(a.Value(row)), true
	case *array.Uint8:
		return int64(a.Value(row)), true
	}
	return 0, false
}

func (b *arrowBatch) Float(col, row int) (float64, bool) {
	c := b.rec.Column(col)
	if c.IsNull(row) {
		return 0, false
	}
	switch a := c.(type) {
	case *array.Float64:
		return a.Value(row), true
	case *array.Float32:
		return float64(a.Value(row)), true
	}
	return 0, false
}

func (b *arrowBatch) Date(col, row int) (time.Time, bool) {
	c := b.rec.Column(col)
	if c.IsNull(row) {
		return time.Time{}, false
	}
	switch a := c.(type) {
	case *array.Date32:
		return a.Value(row).ToTime(), true
	case *array.Date64:
		return a.Value(row).ToTime(), true
	}
	return time.Time{}, false
}

func (b *arrowBatch) Bool(col, row int) (bool, bool) {
	c := b.rec.Column(col)
	if c.IsNull(row) {
		return false, false
	}
	if a, ok := c.(*array.Boolean); ok {
		return a.Value(row), true
	}
	return false, false
}

// checkColumns refuses a result with a column of a type arrowBatch does not read, which its
// getters would otherwise give as NULL.
func checkColumns(s *arrow.Schema) error {
	for _, f := range s.Fields() {
		switch f.Type.ID() {
		case arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW,
			arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64, arrow.UINT8, arrow.UINT16, arrow.UINT32,
			arrow.FLOAT32, arrow.FLOAT64, arrow.DATE32, arrow.DATE64, arrow.BOOL, arrow.NULL:
		default:
			return fmt.Errorf("column %s: Arrow type %s is not read", f.Name, f.Type)
		}
	}
	return nil
}
