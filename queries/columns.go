package queries

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"time"
	"unique"
)

// A Batch is a run of a result's rows, read column by column: what a driver's columnar interface
// gives (pipeline.Stream reads DuckDB's data chunks in place). Each getter reports false for SQL
// NULL. A Batch and the strings it returns are valid only until the next batch is asked for:
// callers that keep a string copy it (rowReader's text and symbol).
type Batch interface {
	Len() int
	String(col, row int) (string, bool)
	Int(col, row int) (int64, bool) // any integer column
	Float(col, row int) (float64, bool)
	Date(col, row int) (time.Time, bool) // a DATE, midnight UTC
	Bool(col, row int) (bool, bool)
}

// Columnar runs query with args bound and yields its result in batches, a failure once as the
// last element. Breaking out early ends the query.
type Columnar func(ctx context.Context, query string, args ...any) iter.Seq2[Batch, error]

// WithStream makes q read its streamed questions (Members, ActiveMembers, MembersReporting,
// ComplianceRows) through col, a reader that streams (holds a batch, not the result: see
// pipeline.Stream), instead of database/sql's rows, which go-duckdb fills value by value
// through cgo after holding the page's whole result. The pages stay: a page's sort is what
// DuckDB holds. Asked whole, the four questions' sorts of a 1,000,000-member register ran out
// of DuckDB's memory limit (256 MB, and 512 MB) side by side.
func (q *Queries) WithStream(col Columnar) *Queries {
	c := *q
	c.columnar = col
	return &c
}

// sqlBatchRows is how many rows sqlColumnar gathers into one batch.
const sqlBatchRows = 1024

// sqlColumnar is the Columnar of a Queries without one: it reads database/sql rows and hands
// them on in batches, so the questions have one way to read a page.
func sqlColumnar(db DBTX) Columnar {
	return func(ctx context.Context, query string, args ...any) iter.Seq2[Batch, error] {
		return func(yield func(Batch, error) bool) {
			rows, err := db.QueryContext(ctx, query, args...)
			if err != nil {
				yield(nil, err)
				return
			}
			defer rows.Close()
			cols, err := rows.Columns()
			if err != nil {
				yield(nil, err)
				return
			}
			b := &rowsBatch{width: len(cols)}
			ptrs := make([]any, len(cols))
			for rows.Next() {
				start := len(b.values)
				b.values = append(b.values, make([]any, len(cols))...)
				for i := range ptrs {
					ptrs[i] = &b.values[start+i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					yield(nil, err)
					return
				}
				if b.Len() == sqlBatchRows {
					if !yield(b, nil) {
						return
					}
					b.values = b.values[:0]
				}
			}
			if err := rows.Err(); err != nil {
				yield(nil, err)
				return
			}
			if b.Len() > 0 {
				yield(b, nil)
			}
		}
	}
}

// rowsBatch holds database/sql values row after row, width to a row.
type rowsBatch struct {
	width  int
	values []any
}

func (b *rowsBatch) Len() int            { return len(b.values) / b.width }
func (b *rowsBatch) at(col, row int) any { return b.values[row*b.width+col] }

func (b *rowsBatch) String(col, row int) (string, bool) {
	switch v := b.at(col, row).(type) {
	case string:
		return v, true
	case []byte:
		return string(v), true
	}
	return "", false
}

func (b *rowsBatch) Int(col, row int) (int64, bool) {
	switch v := b.at(col, row).(type) {
	case int64:
		return v, true
	case int32:
		return int64(v), true
	case int16:
		return int64(v), true
	case int8:
		return int64(v), true
	case int:
		return int64(v), true
	case uint32:
		return int64(v), true
	case uint16:
		return int64(v), true
	case uint8:
		return int64(v), true
	}
	return 0, false
}

func (b *rowsBatch) Float(col, row int) (float64, bool) {
	switch v := b.at(col, row).(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	}
	return 0, false
}

func (b *rowsBatch) Date(col, row int) (time.Time, bool) {
	v, ok := b.at(col, row).(time.Time)
	return v.UTC(), ok
}

func (b *rowsBatch) Bool(col, row int) (bool, bool) {
	v, ok := b.at(col, row).(bool)
	return v, ok
}

// streamColumns yields the rows of one run of s with args, each made by scan from its batch and
// row, and reports whether to go on (no failure, not stopped).
func streamColumns[T any](ctx context.Context, q *Queries, s statement, args []any, scan func(*rowReader) T, yield func(T, error) bool) bool {
	var zero T
	col := q.columnar
	if col == nil {
		col = sqlColumnar(q.db)
	}
	r := &rowReader{}
	for b, err := range col(ctx, s.text(), args...) {
		if err != nil {
			yield(zero, fmt.Errorf("query %s: %w", s, err))
			return false
		}
		if r.b != nil {
			r.before += r.b.Len()
		}
		r.b = b
		for r.row = 0; r.row < b.Len(); r.row++ {
			v := scan(r)
			if r.err != nil {
				yield(zero, fmt.Errorf("query %s: %w", s, r.err))
				return false
			}
			if !yield(v, nil) {
				return false
			}
		}
	}
	return true
}

// rowReader reads one row of a batch, column after column, into Go values. Strings are
// copied out of the batch; symbol columns (few values, repeated: countries, codes, statuses)
// share one copy of each value (unique.Make). A NULL where a value is required sets err.
type rowReader struct {
	b      Batch
	before int // rows of the query's earlier batches
	row    int // in b
	err    error
}

func (r *rowReader) null(col int, want string) {
	if r.err == nil {
		r.err = fmt.Errorf("row %d, column %d: NULL, want %s", r.before+r.row+1, col+1, want)
	}
}

// text is a column's string, "" for NULL, copied out of the batch.
func (r *rowReader) text(col int) string {
	s, _ := r.b.String(col, r.row)
	return strings.Clone(s)
}

// symbol is text for a column of few values: one copy is kept of each.
func (r *rowReader) symbol(col int) string {
	s, _ := r.b.String(col, r.row)
	if s == "" {
		return ""
	}
	return unique.Make(s).Value() // Make copies a string it keeps
}

func (r *rowReader) integer(col int) int64 {
	v, ok := r.b.Int(col, r.row)
	if !ok {
		r.null(col, "an integer")
	}
	return v
}

func (r *rowReader) flag(col int) bool {
	v, ok := r.b.Bool(col, r.row)
	if !ok {
		r.null(col, "a boolean")
	}
	return v
}

func (r *rowReader) date(col int) time.Time {
	v, ok := r.b.Date(col, r.row)
	if !ok {
		r.null(col, "a date")
	}
	return v
}

func (r *rowReader) datePtr(col int) *time.Time {
	if v, ok := r.b.Date(col, r.row); ok {
		return &v
	}
	return nil
}

func (r *rowReader) int64Ptr(col int) *int64 {
	if v, ok := r.b.Int(col, r.row); ok {
		return &v
	}
	return nil
}

func (r *rowReader) intPtr(col int) *int {
	if v, ok := r.b.Int(col, r.row); ok {
		n := int(v)
		return &n
	}
	return nil
}

func (r *rowReader) floatPtr(col int) *float64 {
	if v, ok := r.b.Float(col, r.row); ok {
		return &v
	}
	return nil
}
