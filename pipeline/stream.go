package pipeline

// The declarations below are copied from the duckdb.h that go-duckdb v1.8.2 bundles (DuckDB
// 1.1's C API), and only what Stream calls: go-duckdb links the library itself, so this file
// needs the symbols, not the header.

/*
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>

typedef uint64_t idx_t;
typedef enum { DuckDBSuccess = 0, DuckDBError = 1 } duckdb_state;
typedef int32_t duckdb_type_id;

typedef struct _duckdb_connection { void *internal_ptr; } * duckdb_connection;
typedef struct _duckdb_prepared_statement { void *internal_ptr; } * duckdb_prepared_statement;
typedef struct _duckdb_pending_result { void *internal_ptr; } * duckdb_pending_result;
typedef struct _duckdb_data_chunk { void *internal_ptr; } * duckdb_data_chunk;
typedef struct _duckdb_vector { void *vctr; } * duckdb_vector;

typedef struct {
	idx_t deprecated_column_count;
	idx_t deprecated_row_count;
	idx_t deprecated_rows_changed;
	void *deprecated_columns;
	char *deprecated_error_message;
	void *internal_data;
} duckdb_result;

duckdb_state duckdb_prepare(duckdb_connection connection, const char *query, duckdb_prepared_statement *out);
const char *duckdb_prepare_error(duckdb_prepared_statement prepared_statement);
void duckdb_destroy_prepare(duckdb_prepared_statement *prepared_statement);
duckdb_state duckdb_bind_varchar_length(duckdb_prepared_statement prepared_statement, idx_t param_idx, const char *val, idx_t length);
duckdb_state duckdb_pending_prepared_streaming(duckdb_prepared_statement prepared_statement, duckdb_pending_result *out);
const char *duckdb_pending_error(duckdb_pending_result pending_result);
duckdb_state duckdb_execute_pending(duckdb_pending_result pending_result, duckdb_result *out_result);
void duckdb_destroy_pending(duckdb_pending_result *pending_result);
const char *duckdb_result_error(duckdb_result *result);
void duckdb_destroy_result(duckdb_result *result);
idx_t duckdb_column_count(duckdb_result *result);
duckdb_type_id duckdb_column_type(duckdb_result *result, idx_t col);
const char *duckdb_column_name(duckdb_result *result, idx_t col);
duckdb_data_chunk duckdb_fetch_chunk(duckdb_result result);
idx_t duckdb_data_chunk_get_size(duckdb_data_chunk chunk);
duckdb_vector duckdb_data_chunk_get_vector(duckdb_data_chunk chunk, idx_t col_idx);
void *duckdb_vector_get_data(duckdb_vector vector);
uint64_t *duckdb_vector_get_validity(duckdb_vector vector);
void duckdb_destroy_data_chunk(duckdb_data_chunk *chunk);
void duckdb_interrupt(duckdb_connection connection);
*/
import "C"

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"time"
	"unsafe"

	"gnlc/queries"
)

// DuckDB's type ids (duckdb.h, enum DUCKDB_TYPE) of the columns a streamed batch reads.
const (
	typeBoolean  = 1
	typeTinyint  = 2
	typeSmallint = 3
	typeInteger  = 4
	typeBigint   = 5
	typeUTinyint = 6
	typeUSmall   = 7
	typeUInteger = 8
	typeDouble   = 11
	typeDate     = 13
	typeVarchar  = 17
	typeSQLNull  = 36
)

// Stream is queries' columnar reader over db for the questions that read the whole register
// (queries.WithStream): each query runs on a connection of its own as a DuckDB streaming
// result, and each batch is one of DuckDB's data chunks (2,048 rows), read in place.
//
// go-duckdb v1.8.2 has no streaming result: through database/sql and through its Arrow
// interface alike, it holds a query's whole result before the first row, and through
// database/sql it then converts each value with a cgo call and an interface. Streamed, DuckDB
// holds the page's sort and a chunk of 2,048 rows, and each value is read from the chunk's
// memory. BenchmarkStreams reads the four questions of a 1,000,000-member register: 32.2 s
// and 49.8 s of CPU through database/sql, 19.4 s and 33.3 s streamed (2026-12-02).
//
// Stream reaches go-duckdb's connection handle through reflection (connHandle), which
// TestStream_connHandle pins to go-duckdb v1.8.2's layout, and calls DuckDB's C API (the
// declarations above) on it.
func Stream(db *sql.DB) queries.Columnar {
	// One query of db's runs its blocking part (its page's sort) at a time, so DuckDB holds one
	// sort being built beside the sorted pages being streamed. With four at once a 1M-member
	// report peaked 15 to 55 MB higher in three runs, and was no faster. (Asked whole, not by pages, four
	// sorts at once ran out of DuckDB's memory limit.)
	running := make(chan struct{}, 1)
	return func(ctx context.Context, query string, args ...any) iter.Seq2[queries.Batch, error] {
		return func(yield func(queries.Batch, error) bool) {
			params := make([]string, len(args))
			for i, a := range args {
				s, ok := a.(string)
				if !ok {
					yield(nil, fmt.Errorf("parameter %d: %T, want a string", i+1, a))
					return
				}
				params[i] = s
			}
			conn, err := db.Conn(ctx)
			if err != nil {
				yield(nil, err)
				return
			}
			defer conn.Close()
			stopped := false
			err = conn.Raw(func(dc any) error {
				h, err := connHandle(dc)
				if err != nil {
					return err
				}
				ok, err := streamQuery(ctx, h, query, params, running, yield)
				stopped = !ok
				return err
			})
			if err != nil && !stopped {
				yield(nil, err)
			}
		}
	}
}

// connHandle is the duckdb_connection of go-duckdb v1.8.2's driver connection: the first field
// of its unexported conn struct, duckdbCon.
func connHandle(dc any) (C.duckdb_connection, error) {
	v := reflect.ValueOf(dc)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct || v.Elem().NumField() == 0 {
		return nil, fmt.Errorf("driver connection %T is not go-duckdb's", dc)
	}
	f := v.Elem().Type().Field(0)
	if f.Name != "duckdbCon" || f.Type.Size() != unsafe.Sizeof(uintptr(0)) || f.Offset != 0 {
		return nil, fmt.Errorf("driver connection %T: first field %s %s, want go-duckdb v1.8.2's duckdbCon", dc, f.Name, f.Type)
	}
	h := *(*C.duckdb_connection)(v.UnsafePointer())
	if h == nil {
		return nil, errors.New("driver connection is closed")
	}
	return h, nil
}

// streamQuery runs query with params on h as a streaming result and yields its chunks. It
// reports false when yield stopped the range.
func streamQuery(ctx context.Context, h C.duckdb_connection, query string, params []string, running chan struct{}, yield func(queries.Batch, error) bool) (bool, error) {
	cq := C.CString(query)
	defer C.free(unsafe.Pointer(cq))
	var stmt C.duckdb_prepared_statement
	state := C.duckdb_prepare(h, cq, &stmt)
	if stmt != nil {
		defer C.duckdb_destroy_prepare(&stmt)
	}
	if state == C.DuckDBError {
		if stmt == nil {
			return true, errors.New("prepare failed")
		}
		return true, errors.New(C.GoString(C.duckdb_prepare_error(stmt)))
	}
	for i, p := range params {
		cp := C.CString(p)
		state := C.duckdb_bind_varchar_length(stmt, C.idx_t(i+1), cp, C.idx_t(len(p)))
		C.free(unsafe.Pointer(cp))
		if state == C.DuckDBError {
			return true, fmt.Errorf("bind parameter %d", i+1)
		}
	}
	var pending C.duckdb_pending_result
	state = C.duckdb_pending_prepared_streaming(stmt, &pending)
	if pending != nil {
		defer C.duckdb_destroy_pending(&pending)
	}
	if state == C.DuckDBError {
		if pending == nil {
			return true, errors.New("execute failed")
		}
		return true, errors.New(C.GoString(C.duckdb_pending_error(pending)))
	}
	// A cancelled context interrupts the query, as go-duckdb does for its own. The watcher is
	// waited for: an interrupt after the return could reach the connection's next query, or a
	// connection already closed.
	done, watched := make(chan struct{}), make(chan struct{})
	defer func() {
		close(done)
		<-watched
	}()
	go func() {
		defer close(watched)
		select {
		case <-ctx.Done():
			C.duckdb_interrupt(h)
		case <-done:
		}
	}()
	var res C.duckdb_result
	defer C.duckdb_destroy_result(&res)
	select {
	case running <- struct{}{}:
	case <-ctx.Done():
		return true, ctx.Err()
	}
	state = C.duckdb_execute_pending(pending, &res)
	<-running
	if state == C.DuckDBError {
		return true, resultError(ctx, &res)
	}
	b, err := newChunkBatch(&res)
	if err != nil {
		return true, err
	}
	for {
		chunk := C.duckdb_fetch_chunk(res)
		if chunk == nil {
			if msg := C.duckdb_result_error(&res); msg != nil {
				return true, resultError(ctx, &res)
			}
			return true, ctx.Err()
		}
		b.load(chunk)
		ok := yield(b, nil)
		C.duckdb_destroy_data_chunk(&chunk)
		if !ok {
			return false, nil
		}
	}
}

func resultError(ctx context.Context, res *C.duckdb_result) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if msg := C.duckdb_result_error(res); msg != nil {
		return errors.New(C.GoString(msg))
	}
	return errors.New("query failed")
}

// chunkBatch reads one of DuckDB's data chunks in place as a queries.Batch: its vectors are
// flat arrays of the column's type (strings as duckdb_string_t, dates as days since
// 1970-01-01), with a validity mask when some value is NULL.
type chunkBatch struct {
	types []C.duckdb_type_id
	rows  int
	data  []unsafe.Pointer
	valid []*uint64 // nil: every value valid
}

func newChunkBatch(res *C.duckdb_result) (*chunkBatch, error) {
	n := int(C.duckdb_column_count(res))
	b := &chunkBatch{types: make([]C.duckdb_type_id, n), data: make([]unsafe.Pointer, n), valid: make([]*uint64, n)}
	for i := range n {
		t := C.duckdb_column_type(res, C.idx_t(i))
		switch t {
		case typeBoolean, typeTinyint, typeSmallint, typeInteger, typeBigint, typeUTinyint, typeUSmall,
			typeUInteger, typeDouble, typeDate, typeVarchar, typeSQLNull:
		default:
			return nil, fmt.Errorf("column %s: DuckDB type %d is not read", C.GoString(C.duckdb_column_name(res, C.idx_t(i))), int(t))
		}
		b.types[i] = t
	}
	return b, nil
}

func (b *chunkBatch) load(chunk C.duckdb_data_chunk) {
	b.rows = int(C.duckdb_data_chunk_get_size(chunk))
	for i := range b.types {
		v := C.duckdb_data_chunk_get_vector(chunk, C.idx_t(i))
		b.data[i] = C.duckdb_vector_get_data(v)
		b.valid[i] = (*uint64)(unsafe.Pointer(C.duckdb_vector_get_validity(v)))
	}
}

func (b *chunkBatch) Len() int { return b.rows }

func (b *chunkBatch) isNull(col, row int) bool {
	if b.types[col] == typeSQLNull {
		return true
	}
	m := b.valid[col]
	if m == nil {
		return false
	}
	word := *(*uint64)(unsafe.Add(unsafe.Pointer(m), (row/64)*8))
	return word&(1<<(row%64)) == 0
}

// duckdbString is duckdb_string_t: a length, then 12 bytes inline, or a 4-byte prefix and a
// pointer to the whole string.
type duckdbString struct {
	length uint32
	prefix [4]byte
	ptr    unsafe.Pointer
}

func (b *chunkBatch) String(col, row int) (string, bool) {
	if b.types[col] != typeVarchar || b.isNull(col, row) {
		return "", false
	}
	s := (*duckdbString)(unsafe.Add(b.data[col], row*16))
	if s.length <= 12 {
		return unsafe.String((*byte)(unsafe.Pointer(&s.prefix)), int(s.length)), true
	}
	return unsafe.String((*byte)(s.ptr), int(s.length)), true
}

func (b *chunkBatch) Int(col, row int) (int64, bool) {
	if b.isNull(col, row) {
		return 0, false
	}
	p := b.data[col]
	switch b.types[col] {
	case typeInteger:
		return int64(*(*int32)(unsafe.Add(p, row*4))), true
	case typeBigint:
		return *(*int64)(unsafe.Add(p, row*8)), true
	case typeSmallint:
		return int64(*(*int16)(unsafe.Add(p, row*2))), true
	case typeTinyint:
		return int64(*(*int8)(unsafe.Add(p, row))), true
	case typeUInteger:
		return int64(*(*uint32)(unsafe.Add(p, row*4))), true
	case typeUSmall:
		return int64(*(*uint16)(unsafe.Add(p, row*2))), true
	case typeUTinyint:
		return int64(*(*uint8)(unsafe.Add(p, row))), true
	}
	return 0, false
}

func (b *chunkBatch) Float(col, row int) (float64, bool) {
	if b.types[col] != typeDouble || b.isNull(col, row) {
		return 0, false
	}
	return *(*float64)(unsafe.Add(b.data[col], row*8)), true
}

func (b *chunkBatch) Date(col, row int) (time.Time, bool) {
	if b.types[col] != typeDate || b.isNull(col, row) {
		return time.Time{}, false
	}
	days := *(*int32)(unsafe.Add(b.data[col], row*4))
	return time.Unix(int64(days)*86400, 0).UTC(), true
}

func (b *chunkBatch) Bool(col, row int) (bool, bool) {
	if b.types[col] != typeBoolean || b.isNull(col, row) {
		return false, false
	}
	return *(*bool)(unsafe.Add(b.data[col], row)), true
}
