package pipeline

import (
	"bytes"
	"fmt"
	"os"
	"testing"
	"time"
)

func TestZZProducerOnly(t *testing.T) {
	f := os.Getenv("ZZFILE")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	for _, w := range []int{1, 2, 3} {
		sc, _ := scanFile(bytes.NewReader(data))
		in := input{file: "x", source: "x", data: data}
		ing := &Ingester{Countries: testIndex(t)}
		res := &FileResult{}
		src, hm, _, err := ing.openSource(t.Context(), in, sc, FileOptions{}, res)
		if err != nil {
			t.Fatal(err)
		}
		v := newValidator("x", hm, ing.Countries, 2026, false)
		p := &producer{src: src, v: v, errs: &errorList{}, kind: hm.kind, sourceID: 1, batchRows: 16384, workers: w, file: "x"}
		start := time.Now()
		rdr := newBatchReader(t.Context(), schemaOf(hm.kind), p)
		n := int64(0)
		for rdr.Next() {
			n += rdr.Record().NumRows()
		}
		st := rdr.stop()
		fmt.Printf("workers=%d rows=%d loaded=%d took=%v\n", w, n, st.loaded, time.Since(start))
	}
}
