package export

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/marcboeker/go-duckdb"
)

// The Parquet export is read back by readers gnlc did not write, and each must read every
// exported table and view with the database's rows: DuckDB in this process (read_parquet), and,
// under Node, hyparquet (pure JavaScript, the reader of browser Parquet viewers) and parquet-wasm
// (arrow-rs), pinned in testdata/readers/package.json. `npm ci --ignore-scripts` in that folder
// installs them (.ci/run does). Without Node or them the Node readers skip, unless
// GNLC_REQUIRE_BROWSER=1 (CI) makes that a failure, as for the charts' page checkers.
//
// Each row is compared as one line of text that the database and every reader write alike
// (valueText here, testdata/readers/read.mjs for the Node readers: keep the two in step), and
// each object as its row count and a checksum of its lines that ignores their order.

// readersDir is the npm package of the Node readers: read.mjs and, once installed, node_modules.
var readersDir = filepath.Join("testdata", "readers")

// missingTool skips the test, or fails it where CI promised the tools (GNLC_REQUIRE_BROWSER): the
// rule of reportstest.MissingTool, which export cannot import (it is internal to reports).
func missingTool(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("GNLC_REQUIRE_BROWSER") != "" {
		t.Fatal(why)
	}
	t.Skip(why + ": skipped")
}

// nodeReaders returns the node binary that runs read.mjs, or skips the test (see missingTool).
func nodeReaders(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("Node readers skipped in -short mode")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missingTool(t, "node not found (install Debian's nodejs and npm)")
	}
	for _, pkg := range []string{"hyparquet", "parquet-wasm", "apache-arrow"} {
		if _, err := os.Stat(filepath.Join(readersDir, "node_modules", pkg, "package.json")); err != nil {
			missingTool(t, fmt.Sprintf("%s not found (run `npm ci --ignore-scripts` in %s)", pkg, readersDir))
		}
	}
	return node
}

// summary is what a reader read of one object, or the database holds.
type summary struct {
	Rows     int      `json:"rows"`
	Checksum string   `json:"checksum"`
	Error    string   `json:"error,omitempty"`
	Lines    []string `json:"lines,omitempty"` // the rows as text, when asked for
}

// summarize returns the summary of an object's rows as lines of text: their count, and the
// SHA-256 of their SHA-256 sorted, one per line (read.mjs computes the same).
func summarize(lines []string) summary {
	hashes := make([]string, len(lines))
	for i, l := range lines {
		h := sha256.Sum256([]byte(l))
		hashes[i] = hex.EncodeToString(h[:])
	}
	slices.Sort(hashes)
	sum := sha256.Sum256([]byte(strings.Join(hashes, "\n")))
	sorted := slices.Clone(lines)
	slices.Sort(sorted)
	return summary{Rows: len(lines), Checksum: hex.EncodeToString(sum[:]), Lines: sorted}
}

// queryLines runs query and returns each row as a line of text: "name=value" for every column in
// the order of the names, separated by spaces, each value as valueText writes it. partition names
// a column read from Hive folder names, whose text values are read as read.mjs reads them.
func queryLines(t *testing.T, db *sql.DB, partition, query string, args ...any) []string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), query, args...)
	if err != nil {
		t.Fatalf("%s %q: %v", query, args, err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	order := make([]int, len(types))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(types[a].Name(), types[b].Name()) })
	vals := make([]any, len(types))
	ptrs := make([]any, len(types))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	lines := []string{}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		pairs := make([]string, 0, len(types))
		for _, i := range order {
			var text string
			if s, ok := vals[i].(string); ok && types[i].Name() == partition {
				text = partitionText(s)
			} else if text, err = valueText(vals[i], types[i].DatabaseTypeName()); err != nil {
				t.Fatalf("%s %q: column %s: %v", query, args, types[i].Name(), err)
			}
			pairs = append(pairs, types[i].Name()+"="+text)
		}
		lines = append(lines, strings.Join(pairs, " "))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s %q: %v", query, args, err)
	}
	return lines
}

// valueText is the text of a value as DuckDB returns it (dbType is its column's type, as
// database/sql names it): the text read.mjs writes for the same value read from Parquet.
func valueText(v any, dbType string) (string, error) {
	switch v := v.(type) {
	case nil:
		return "NULL", nil
	case string:
		return jsonString(v), nil
	case bool:
		return strconv.FormatBool(v), nil
	case int8, int16, int32, int64, uint8, uint16, uint32, uint64, *big.Int:
		return fmt.Sprint(v), nil
	case float32:
		return jsNumber(float64(v)), nil
	case float64:
		return jsNumber(v), nil
	case duckdb.Decimal:
		return decimalText(v.Value, int(v.Scale)), nil
	case time.Time:
		if dbType == "DATE" {
			return v.Format(time.DateOnly), nil
		}
		return v.UTC().Format("2006-01-02T15:04:05.000000Z"), nil
	case []any:
		elemType, ok := strings.CutSuffix(dbType, "[]")
		if !ok {
			return "", fmt.Errorf("a list in a column of type %s", dbType)
		}
		items := make([]string, len(v))
		for i, e := range v {
			var err error
			if items[i], err = valueText(e, elemType); err != nil {
				return "", err
			}
		}
		return "[" + strings.Join(items, ",") + "]", nil
	}
	return "", fmt.Errorf("a value of type %T (%s), which the readers' test does not know", v, dbType)
}

// jsonString is JavaScript's JSON.stringify of s: quotes, backslashes and control characters
// escaped, everything else (U+2028, DEL, non-ASCII) as is. encoding/json escapes more.
func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// jsNumber is JavaScript's String(f) (ECMAScript Number::toString): the shortest digits that
// read back as f, positional from 1e-6 up to 1e21, in exponent form outside.
func jsNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0: // and -0
		return "0"
	case f < 0:
		return "-" + jsNumber(-f)
	}
	mantissa, exp, _ := strings.Cut(strconv.FormatFloat(f, 'e', -1, 64), "e")
	digits := strings.Replace(mantissa, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	k, n := len(digits), x+1 // f = 0.digits × 10^n
	switch {
	case k <= n && n <= 21:
		return digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return "0." + strings.Repeat("0", -n) + digits
	}
	e := fmt.Sprintf("e%+d", n-1)
	if k == 1 {
		return digits + e
	}
	return digits[:1] + "." + digits[1:] + e
}

// decimalText writes unscaled × 10^-scale with scale digits after the point (12.50).
func decimalText(unscaled *big.Int, scale int) string {
	digits := new(big.Int).Abs(unscaled).String()
	if scale > 0 {
		if len(digits) <= scale {
			digits = strings.Repeat("0", scale-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if unscaled.Sign() < 0 {
		return "-" + digits
	}
	return digits
}

// partitionText is the text of a partition value read from a Hive folder name: NULL for
// __HIVE_DEFAULT_PARTITION__, the digits of an integer, else the text quoted.
func partitionText(raw string) string {
	v, err := url.PathUnescape(raw)
	if err != nil {
		v = raw
	}
	switch {
	case v == hiveNull:
		return "NULL"
	case integer.MatchString(v):
		return v
	}
	return jsonString(v)
}

var integer = regexp.MustCompile(`^-?[0-9]+$`)

// databaseSummaries reads every object m lists from db itself.
func databaseSummaries(t *testing.T, db *sql.DB, m *Manifest) map[string]summary {
	t.Helper()
	out := map[string]summary{}
	for _, o := range m.Objects {
		out[o.Name] = summarize(queryLines(t, db, "", "SELECT * FROM query_table($1)", o.Name))
	}
	return out
}

// duckdbSummaries reads every object m lists from the Parquet files in dir, with DuckDB's
// read_parquet and its Hive partitioning. DuckDB 1.1.2 reads __HIVE_DEFAULT_PARTITION__ as
// that text (so the whole column as text) rather than NULL; partitionText reads it as Spark does.
func duckdbSummaries(t *testing.T, db *sql.DB, dir string, m *Manifest) map[string]summary {
	t.Helper()
	out := map[string]summary{}
	for _, o := range m.Objects {
		glob := filepath.Join(dir, o.Path, "**", "*.parquet")
		out[o.Name] = summarize(queryLines(t, db, o.PartitionedBy,
			"SELECT * FROM read_parquet($1, hive_partitioning = true)", glob))
	}
	return out
}

// runReaders runs read.mjs on the export in dir: reader → object → summary.
func runReaders(t *testing.T, node, dir string, lines bool) map[string]map[string]summary {
	t.Helper()
	args := []string{"read.mjs"}
	if lines {
		args = append(args, "--lines")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), node, append(args, abs)...)
	cmd.Dir = readersDir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node read.mjs: %v\n%s", err, stderr.String())
	}
	var got map[string]map[string]summary
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node read.mjs printed no JSON: %v\n%s", err, out)
	}
	return got
}

// diffSummaries reports how a reader's summaries differ from the database's, with the rows that
// differ when both have them.
func diffSummaries(t *testing.T, reader string, want, got map[string]summary) {
	t.Helper()
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(summary{}, "Lines")); diff != "" {
		t.Errorf("%s: objects read (rows, checksum) (-database +%s):\n%s", reader, reader, diff)
		for name, w := range want {
			if g := got[name]; g.Lines != nil && (g.Rows != w.Rows || g.Checksum != w.Checksum) {
				slices.Sort(g.Lines)
				t.Errorf("%s: rows of %s (-database +%s):\n%s", reader, name, reader, cmp.Diff(w.Lines, g.Lines))
			}
		}
	}
}

// typesSchema holds a value of every kind the readers must get right, beyond testSchema's: a
// list (with a NULL element, empty, NULL), timestamps to the microsecond and before 1970, every
// integer width at its limits, doubles JavaScript writes in exponent form, NaN and infinities,
// decimals stored in 8 and 16 bytes, text with control characters, U+2028 and an emoji, and a
// member with no year_joined (the NULL partition).
const typesSchema = `
CREATE TABLE members (city VARCHAR, year_joined INTEGER, joined_at TIMESTAMPTZ, seen TIMESTAMP,
    tags VARCHAR[], visits DATE[], scores INTEGER[][]);
INSERT INTO members VALUES
    ('tab' || chr(9) || 'and ' || chr(1) || chr(127), 2015, TIMESTAMPTZ '2015-04-30 10:30:00.123456+00',
        TIMESTAMP '1969-12-31 23:59:59.999999', ['a', NULL, ''], [DATE '2024-02-14', NULL], [[1, 2], NULL, []]),
    ('😀 ' || chr(8232) || ' \ "q"', NULL, NULL, NULL, [], NULL, NULL),
    ('', 2016, TIMESTAMPTZ '1900-01-01 00:00:00+00', TIMESTAMP '2262-04-11 23:47:16.854775', NULL, [], [[]]);
CREATE VIEW numbers AS SELECT * FROM (VALUES
    (1::TINYINT, (-32768)::SMALLINT, (-2147483648)::INTEGER, 9223372036854775807::BIGINT, 0.1::REAL,
        1e21::DOUBLE, -0.000001::DECIMAL(18,6), 12345.6789012345::DECIMAL(38,10), true),
    (NULL, NULL, NULL, (-9223372036854775808)::BIGINT, NULL, 'NaN'::DOUBLE, 1234567.891234, -1.5, false),
    (-128, 32767, 2147483647, 0, -3.5, 5e-324, 0, 0, NULL),
    (0, 0, 0, 1, 0, 1.7976931348623157e308, 0.5, -0.0000000001, true),
    (0, 0, 0, 1, 0, 'Infinity'::DOUBLE, NULL, NULL, true),
    (0, 0, 0, 1, 0, -0.0, NULL, NULL, true),
    (0, 0, 0, 1, 0, 0.1 + 0.2, NULL, NULL, true),
    (0, 0, 0, 1, 0, 1e-7, NULL, NULL, true),
    (0, 0, 0, 1, 0, -51.8985, NULL, NULL, true)
) AS t(tiny, small, int, big, real, dbl, dec18, dec38, flag);
CREATE VIEW nothing AS SELECT * FROM members WHERE false;
`

// newTypesDB opens a fresh in-memory database holding typesSchema.
func newTypesDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.ExecContext(t.Context(), typesSchema); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestRun_parquetReaders: DuckDB, hyparquet and parquet-wasm each read every exported table and
// view with the database's row count and checksum, over gnlc's own schema, testSchema and
// typesSchema. hyparquet failed on every non-empty file while the root schema node was REPEATED.
func TestRun_parquetReaders(t *testing.T) {
	t.Parallel()
	for _, tt := range exportedDBs() {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := tt.open(t)
			dir := filepath.Join(t.TempDir(), "export")
			m := runExport(t, db, FormatParquet, dir)
			// Each database has members, so the Hive layout is read too.
			if !slices.ContainsFunc(m.Objects, func(o Object) bool { return o.Name == "members" && o.PartitionedBy != "" }) {
				t.Fatalf("members not exported Hive-partitioned: %+v", m.Objects)
			}
			want := databaseSummaries(t, db, m)

			t.Run("duckdb", func(t *testing.T) {
				diffSummaries(t, "duckdb", want, duckdbSummaries(t, db, dir, m))
			})
			t.Run("node", func(t *testing.T) {
				node := nodeReaders(t)
				got := runReaders(t, node, dir, false)
				for _, reader := range []string{"hyparquet", "parquet-wasm"} {
					if _, ok := got[reader]; !ok {
						t.Fatalf("read.mjs ran no %s", reader)
					}
				}
				if !cmp.Equal(map[string]map[string]summary{"hyparquet": want, "parquet-wasm": want}, got,
					cmpopts.IgnoreFields(summary{}, "Lines")) {
					got = runReaders(t, node, dir, true) // again, with the rows, to show them
				}
				for reader, objects := range got {
					diffSummaries(t, reader, want, objects)
				}
			})
		})
	}
}

// The expected texts are what Node prints for String(x) and JSON.stringify(s).
func TestJSNumber(t *testing.T) {
	t.Parallel()
	point1 := 0.1
	point3 := point1 + 0.2 // in float64, not as an exact constant
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "0"},
		{1, "1"},
		{-1.5, "-1.5"},
		{0.1, "0.1"},
		{point3, "0.30000000000000004"},
		{51.8985, "51.8985"},
		{100, "100"},
		{1e20, "100000000000000000000"},
		{123456789012345680000, "123456789012345680000"},
		{1e21, "1e+21"},
		{12345678000000, "12345678000000"},
		{1e-6, "0.000001"},
		{1e-7, "1e-7"},
		{1.5e-7, "1.5e-7"},
		{-2.5e-10, "-2.5e-10"},
		{5e-324, "5e-324"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
		{float64(float32(0.1)), "0.10000000149011612"},
		{1 << 53, "9007199254740992"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
	}
	for _, tt := range tests {
		if got := jsNumber(tt.in); got != tt.want {
			t.Errorf("jsNumber(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestJSONString(t *testing.T) {
	t.Parallel()
	in := "a\tb\u0001\u001f\u007f\u2028😀\\\"\b\f\n\r/é"
	want := `"a\tb\u0001\u001f` + "\u007f\u2028😀" + `\\\"\b\f\n\r/é"`
	if got := jsonString(in); got != want {
		t.Errorf("jsonString(%q) = %q, want %q", in, got, want)
	}
}

func TestDecimalText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		unscaled int64
		scale    int
		want     string
	}{
		{1250, 2, "12.50"},
		{-25, 2, "-0.25"},
		{-1, 6, "-0.000001"},
		{0, 2, "0.00"},
		{42, 0, "42"},
		{-15, 1, "-1.5"},
	}
	for _, tt := range tests {
		if got := decimalText(big.NewInt(tt.unscaled), tt.scale); got != tt.want {
			t.Errorf("decimalText(%d, %d) = %q, want %q", tt.unscaled, tt.scale, got, tt.want)
		}
	}
}
