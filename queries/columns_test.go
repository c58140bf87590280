package queries

import (
	"context"
	"iter"
	"strings"
	"testing"
	"time"
)

// intBatch is a Batch of one integer column; a nil value is NULL.
type intBatch []*int64

func (b intBatch) Len() int                        { return len(b) }
func (b intBatch) String(int, int) (string, bool)  { return "", false }
func (b intBatch) Float(int, int) (float64, bool)  { return 0, false }
func (b intBatch) Date(int, int) (time.Time, bool) { return time.Time{}, false }
func (b intBatch) Bool(int, int) (bool, bool)      { return false, false }
func (b intBatch) Int(_, row int) (int64, bool) {
	if b[row] == nil {
		return 0, false
	}
	return *b[row], true
}

// A NULL where a value is required names its row in the query, counted across batches.
func TestStreamColumns_nullNamesTheQuerysRow(t *testing.T) {
	one := int64(1)
	col := func(context.Context, string, ...any) iter.Seq2[Batch, error] {
		return func(yield func(Batch, error) bool) {
			_ = yield(intBatch{&one, &one}, nil) && yield(intBatch{&one, nil}, nil)
		}
	}
	q := New(nil).WithStream(col)
	var got []int64
	var err error
	streamColumns(t.Context(), q, stmtMemberCount, nil, func(r *rowReader) int64 { return r.integer(0) },
		func(v int64, e error) bool { got, err = append(got, v), e; return e == nil })
	if err == nil || !strings.Contains(err.Error(), "row 4, column 1: NULL") {
		t.Errorf("error %v, want one naming row 4, column 1", err)
	}
	if len(got) != 4 {
		t.Errorf("yielded %d values (the error last), want 4", len(got))
	}
}
