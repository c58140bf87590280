package pipeline

import (
	"database/sql"
	"fmt"
	"os"
	"testing"

	"github.com/marcboeker/go-duckdb"
)

func TestZZMem(t *testing.T) {
	dsn := os.Getenv("ZZMEM")
	if dsn == "" {
		t.Skip()
	}
	c, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	defer db.Close()
	if err := setup(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	ing := &Ingester{DB: db, Countries: testIndex(t), Version: "x"}
	res, err := ing.IngestFile(t.Context(), os.Getenv("ZZFILE"), FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("loaded", res.Loaded)
}
