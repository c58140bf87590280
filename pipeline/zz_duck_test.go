package pipeline

import (
	"bytes"
	"database/sql/driver"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/marcboeker/go-duckdb"
)

func TestZZDuckOnly(t *testing.T) {
	f := os.Getenv("ZZFILE")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	sc, _ := scanFile(bytes.NewReader(data))
	in := input{file: "x", source: "x", data: data}
	ing := &Ingester{Countries: testIndex(t)}
	src, hm, _, err := ing.openSource(t.Context(), in, sc, FileOptions{}, &FileResult{})
	if err != nil {
		t.Fatal(err)
	}
	v := newValidator("x", hm, ing.Countries, 2026, false)
	p := &producer{src: src, v: v, errs: &errorList{}, kind: hm.kind, sourceID: 1, batchRows: 16384, workers: 2, file: "x"}
	rdr := newBatchReader(t.Context(), schemaOf(hm.kind), p)
	var recs []arrow.Record
	for rdr.Next() {
		r := rdr.Record()
		r.Retain()
		recs = append(recs, r)
	}
	rdr.stop()
	for _, cfg := range []string{"file", "filelimit", "file", "filelimit", "file", "filelimit"} {
		mem := cfg == "mem"
		path := ""
		if !mem {
			path = filepath.Join(t.TempDir(), "d.duckdb")
		}
		lim := ""
		if cfg == "filelimit" {
			lim = DefaultMemoryLimit
		}
		db, err := Open(t.Context(), path, OpenOptions{MemoryLimit: lim})
		if err != nil {
			t.Fatal(err)
		}
		if cfg == "file1" {
			db.Exec("SET threads = 1")
		}
		if cfg == "filenoorder" {
			db.Exec("SET preserve_insertion_order = false")
		}
		conn, _ := db.Conn(t.Context())
		tx, _ := conn.BeginTx(t.Context(), nil)
		rr, _ := array.NewRecordReader(membersSchema, recs)
		var release func()
		conn.Raw(func(dc any) error {
			ar, _ := duckdb.NewArrowFromConn(dc.(driver.Conn))
			release, err = ar.RegisterView(rr, "gnlc_ingest_members")
			return err
		})
		start := time.Now()
		if _, err := tx.Exec(stmt("insert_members")); err != nil {
			t.Fatal(err)
		}
		ins := time.Since(start)
		tx.Exec(stmt("drop_view_members"))
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		release()
		fmt.Printf("cfg=%s mem=%v insert=%v total=%v\n", cfg, mem, ins, time.Since(start))
		conn.Close()
		db.Close()
	}
}
