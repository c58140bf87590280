package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/marcboeker/go-duckdb"
)

// cell is one value of a query result, ready for each output format.
type cell struct {
	null bool
	text string // table, tsv and csv; "" for NULL
	json any    // encoding/json input: nil, bool, numbers (json.Number for exact ones), strings, []any, map[string]any
}

// newCell converts a value the DuckDB driver scanned, of the column type dbType.
func newCell(v any, dbType string) cell {
	if v == nil {
		return cell{null: true}
	}
	j := jsonValue(v, dbType)
	return cell{text: textValue(j), json: j}
}

// jsonValue maps a driver value to what JSON can hold without losing its meaning: integers and
// decimals as numbers (exact), dates and times as ISO 8601 strings, lists and structs nested.
func jsonValue(v any, dbType string) any {
	switch x := v.(type) {
	case nil, bool, string, int8, int16, int32, int64, int, uint8, uint16, uint32, uint64, uint:
		return x
	case float32:
		return floatValue(float64(x), 32)
	case float64:
		return floatValue(x, 64)
	case *big.Int:
		return json.Number(x.String())
	case duckdb.Decimal:
		return json.Number(decimalString(x))
	case time.Time:
		return timeValue(x, dbType)
	case duckdb.Interval:
		return intervalString(x)
	case []byte:
		if dbType == "UUID" && len(x) == 16 {
			return uuidString(x)
		}
		return blobString(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e, "")
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonValue(e, "")
		}
		return out
	case duckdb.Map:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[textValue(jsonValue(k, ""))] = jsonValue(e, "")
		}
		return out
	default:
		return fmt.Sprint(x)
	}
}

// floatValue keeps NaN and infinities, which JSON numbers cannot hold, as strings.
func floatValue(f float64, bits int) any {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return json.Number(strconv.FormatFloat(f, 'g', -1, bits))
}

// timeValue writes DATE as 2006-01-02, TIME as 15:04:05, TIMESTAMP without a zone as
// 2006-01-02T15:04:05 and TIMESTAMPTZ in UTC with Z. Inside a list or struct the type is not
// known: a midnight is written as a date, anything else as a UTC timestamp.
func timeValue(t time.Time, dbType string) string {
	switch {
	case dbType == "DATE":
		return t.Format(time.DateOnly)
	case dbType == "TIME":
		return t.Format("15:04:05.999999")
	case strings.Contains(dbType, "TZ") || strings.Contains(dbType, "TIME ZONE"):
		return t.UTC().Format(time.RFC3339Nano)
	case strings.HasPrefix(dbType, "TIMESTAMP"):
		return t.Format("2006-01-02T15:04:05.999999999")
	case t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0:
		return t.Format(time.DateOnly)
	default:
		return t.UTC().Format(time.RFC3339Nano)
	}
}

// decimalString writes a DECIMAL exactly: Value scaled down by Scale digits.
func decimalString(d duckdb.Decimal) string {
	if d.Value == nil {
		return "0"
	}
	digits := new(big.Int).Abs(d.Value).String()
	scale := int(d.Scale)
	if scale > 0 {
		if len(digits) <= scale {
			digits = strings.Repeat("0", scale-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if d.Value.Sign() < 0 {
		return "-" + digits
	}
	return digits
}

// intervalString writes an INTERVAL as an ISO 8601 duration (P1M2DT3.5S).
func intervalString(iv duckdb.Interval) string {
	var b strings.Builder
	b.WriteString("P")
	if iv.Months != 0 {
		fmt.Fprintf(&b, "%dM", iv.Months)
	}
	if iv.Days != 0 {
		fmt.Fprintf(&b, "%dD", iv.Days)
	}
	if iv.Micros != 0 || b.Len() == 1 {
		b.WriteString("T")
		secs := strconv.FormatFloat(float64(iv.Micros)/1e6, 'f', -1, 64)
		b.WriteString(secs + "S")
	}
	return b.String()
}

func uuidString(u []byte) string {
	h := hex.EncodeToString(u)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// blobString writes printable UTF-8 as is and any other byte as \xHH, as DuckDB shows a BLOB.
func blobString(b []byte) string {
	var s strings.Builder
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 || !unicode.IsPrint(r) || r == '\\' {
			for _, c := range b[:max(size, 1)] {
				fmt.Fprintf(&s, `\x%02X`, c)
			}
		} else {
			s.WriteRune(r)
		}
		b = b[max(size, 1):]
	}
	return s.String()
}

// textValue is a JSON-ready value as the text formats show it: strings as they are, numbers
// as JSON writes them, lists and structs as JSON text (keys sorted).
func textValue(j any) string {
	switch x := j.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	case []any, map[string]any:
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(b)
	default:
		return fmt.Sprint(x)
	}
}
