package pipeline

import (
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// The Arrow schemas mirror the tables' column order in queries/sql/setup/00_tables.sql exactly:
// the load is `INSERT INTO t SELECT * FROM view`, which matches columns by position.
var (
	membersSchema = arrow.NewSchema([]arrow.Field{
		{Name: "city", Type: arrow.BinaryTypes.String},
		{Name: "city_key", Type: arrow.BinaryTypes.String},
		{Name: "country", Type: arrow.BinaryTypes.String},
		{Name: "iso3", Type: arrow.BinaryTypes.String},
		{Name: "region", Type: arrow.BinaryTypes.String},
		{Name: "year_joined", Type: arrow.PrimitiveTypes.Int32},
		{Name: "applied_on", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
		{Name: "population", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "population_source", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "lat", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "lon", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "status", Type: arrow.BinaryTypes.String},
		{Name: "left_year", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
		{Name: "last_report_on", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
		{Name: "source_url", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "source_id", Type: arrow.PrimitiveTypes.Int32},
		{Name: "source_row", Type: arrow.PrimitiveTypes.Int32},
	}, nil)

	reportsSchema = arrow.NewSchema([]arrow.Field{
		{Name: "iso3", Type: arrow.BinaryTypes.String},
		{Name: "city", Type: arrow.BinaryTypes.String},
		{Name: "city_key", Type: arrow.BinaryTypes.String},
		{Name: "submitted_on", Type: arrow.FixedWidthTypes.Date32},
		{Name: "source_id", Type: arrow.PrimitiveTypes.Int32},
		{Name: "source_row", Type: arrow.PrimitiveTypes.Int32},
	}, nil)

	announcementsSchema = arrow.NewSchema([]arrow.Field{
		{Name: "year", Type: arrow.PrimitiveTypes.Int32},
		{Name: "announced_on", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
		{Name: "new_cities", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
		{Name: "new_countries", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
		{Name: "first_time_countries", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
		{Name: "total_cities", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
		{Name: "total_countries", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
		{Name: "people_reached", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "source_url", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "note", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "source_id", Type: arrow.PrimitiveTypes.Int32},
		{Name: "source_row", Type: arrow.PrimitiveTypes.Int32},
	}, nil)
)

func schemaOf(k Kind) *arrow.Schema {
	switch k {
	case KindReports:
		return reportsSchema
	case KindAnnouncements:
		return announcementsSchema
	default:
		return membersSchema
	}
}

// Optional values: the zero value is NULL.
type (
	optInt struct {
		v  int64
		ok bool
	}
	optFloat struct {
		v  float64
		ok bool
	}
	optDate struct {
		v  time.Time
		ok bool
	}
)

// memberRow is one validated row of a members file.
type memberRow struct {
	city, cityKey, country, iso3, region string
	yearJoined                           int64
	appliedOn, lastReportOn              optDate
	population                           optInt
	populationSource, sourceURL          string // "" is NULL
	lat, lon                             optFloat
	status                               string
	leftYear                             optInt
}

type reportRow struct {
	iso3, city, cityKey string
	submittedOn         time.Time
}

type announcementRow struct {
	year                                                                          int64
	announcedOn                                                                   optDate
	newCities, newCountries, firstTimeCountries, totalCities, totalCountries, ppl optInt
	sourceURL, note                                                               string
}

// batch accumulates validated rows into the columns of one record of at most capacity rows.
// It is used by one goroutine.
//
// The columns are written straight into Go slices, sized for the record once, and handed to
// Arrow whole (see batchColumn): Arrow's builders checked their capacity, wrote an offset through
// encoding/binary and set a validity bit for every value, about a tenth of ingest's Go time on
// 1,000,000 rows.
type batch struct {
	schema   *arrow.Schema
	cols     []batchColumn
	strs     []*strColumn // by field index; nil where the field is not text
	ints     []*fixedColumn[int32]
	bigs     []*fixedColumn[int64]
	floats   []*fixedColumn[float64]
	n        int
	capacity int
}

func newBatch(k Kind, capacity int) *batch {
	schema := schemaOf(k)
	fields := schema.Fields()
	bt := &batch{
		schema: schema, cols: make([]batchColumn, len(fields)), capacity: capacity,
		strs: make([]*strColumn, len(fields)), ints: make([]*fixedColumn[int32], len(fields)),
		bigs: make([]*fixedColumn[int64], len(fields)), floats: make([]*fixedColumn[float64], len(fields)),
	}
	for i, f := range fields {
		if f.Name == sourceIDColumn {
			continue // added by the batchReader: see batchOut
		}
		switch f.Type.ID() {
		case arrow.STRING:
			c := &strColumn{validity: validity{nullable: f.Nullable}}
			bt.strs[i], bt.cols[i] = c, c
		case arrow.INT32, arrow.DATE32:
			c := &fixedColumn[int32]{dt: f.Type, validity: validity{nullable: f.Nullable}}
			bt.ints[i], bt.cols[i] = c, c
		case arrow.INT64:
			c := &fixedColumn[int64]{dt: f.Type, validity: validity{nullable: f.Nullable}}
			bt.bigs[i], bt.cols[i] = c, c
		case arrow.FLOAT64:
			c := &fixedColumn[float64]{dt: f.Type, validity: validity{nullable: f.Nullable}}
			bt.floats[i], bt.cols[i] = c, c
		default:
			panic("pipeline: no column for Arrow type " + f.Type.String())
		}
		bt.cols[i].reset(capacity, 0)
	}
	return bt
}

// sourceIDColumn is the column every table loads the source's id into.
const sourceIDColumn = "source_id"

// batchOut is a batch's rows, column by column, but for the source's id (nil): the batches are
// made while the file's first pass may still decide that it is loaded already, before its
// source is recorded, and batchReader.Next adds the column. The receiver releases the arrays.
type batchOut struct {
	cols []arrow.Array
	n    int
}

func (b batchOut) release() {
	for _, c := range b.cols {
		if c != nil {
			c.Release()
		}
	}
}

// out returns the rows added since the last call and starts anew. The arrays own the columns'
// slices: the next rows go into new ones, their text sized on these plus an eighth.
func (bt *batch) out() batchOut {
	arrs := make([]arrow.Array, len(bt.cols))
	for i, c := range bt.cols {
		if c != nil {
			arrs[i] = c.array(bt.n)
			c.reset(bt.capacity, 9*c.dataLen()/8)
		}
	}
	b := batchOut{cols: arrs, n: bt.n}
	bt.n = 0
	return b
}

// batchColumn is one column of a batch, built in Go slices. array hands its first n values to an
// Arrow array, which keeps the slices; reset then starts new ones for capacity values (dataLen:
// bytes of text, for a text column).
type batchColumn interface {
	array(n int) arrow.Array
	reset(capacity, dataLen int)
	dataLen() int
}

// validity is a column's bitmap of non-null values (Arrow's layout: bit i of byte i/8, least
// significant first), for the nullable columns.
type validity struct {
	nullable bool
	bits     []byte
	nulls    int
}

func (v *validity) reset(capacity int) {
	v.nulls = 0
	if v.nullable {
		v.bits = make([]byte, bitutil.BytesForBits(int64(capacity)))
	}
}

func (v *validity) set(i int) {
	if i>>3 >= len(v.bits) { // beyond the capacity reserved: never, as batches are emitted full
		v.bits = append(v.bits, make([]byte, i>>3-len(v.bits)+1)...)
	}
	v.bits[i>>3] |= 1 << (i & 7)
}

func (v *validity) null() { v.nulls++ }

// buffer is the validity bitmap Arrow takes: none when every value is valid.
func (v *validity) buffer(n int) *memory.Buffer {
	if v.nulls == 0 {
		return nil
	}
	return memory.NewBufferBytes(v.bits[:bitutil.BytesForBits(int64(n))])
}

// fixedColumn holds a column of fixed-width values: integers, dates (days since 1970, int32)
// and decimals.
type fixedColumn[T int32 | int64 | float64] struct {
	validity
	dt   arrow.DataType
	vals []T
}

func (c *fixedColumn[T]) reset(capacity, _ int) {
	c.validity.reset(capacity)
	c.vals = make([]T, 0, capacity)
}

func (c *fixedColumn[T]) dataLen() int { return 0 }

func (c *fixedColumn[T]) add(v T) {
	if c.nullable {
		c.set(len(c.vals))
	}
	c.vals = append(c.vals, v)
}

func (c *fixedColumn[T]) addNull() {
	c.null()
	c.vals = append(c.vals, 0)
}

func (c *fixedColumn[T]) array(n int) arrow.Array {
	data := array.NewData(c.dt, n, []*memory.Buffer{c.buffer(n), memory.NewBufferBytes(arrow.GetBytes(c.vals[:n]))}, nil, c.nulls, 0)
	defer data.Release()
	return array.MakeFromData(data)
}

// strColumn holds a column of text: the values' bytes end to end, and where each ends.
type strColumn struct {
	validity
	offsets []int32 // offsets[i] is where value i begins; one more than the values
	data    []byte
}

func (c *strColumn) reset(capacity, dataLen int) {
	c.validity.reset(capacity)
	c.offsets = make([]int32, 1, capacity+1)
	c.data = make([]byte, 0, dataLen)
}

func (c *strColumn) dataLen() int { return len(c.data) }

func (c *strColumn) add(s string) {
	if c.nullable {
		c.set(len(c.offsets) - 1)
	}
	c.data = append(c.data, s...)
	c.offsets = append(c.offsets, int32(len(c.data)))
}

// addOpt adds s, or a null for "" in a nullable column.
func (c *strColumn) addOpt(s string) {
	if s == "" && c.nullable {
		c.null()
		c.offsets = append(c.offsets, int32(len(c.data)))
		return
	}
	c.add(s)
}

func (c *strColumn) array(n int) arrow.Array {
	data := array.NewData(arrow.BinaryTypes.String, n, []*memory.Buffer{
		c.buffer(n), memory.NewBufferBytes(arrow.GetBytes(c.offsets[:n+1])), memory.NewBufferBytes(c.data[:c.offsets[n]]),
	}, nil, c.nulls, 0)
	defer data.Release()
	return array.MakeFromData(data)
}

func (bt *batch) addInt(i int, v optInt) {
	if !v.ok {
		bt.ints[i].addNull()
		return
	}
	bt.ints[i].add(int32(v.v))
}

func (bt *batch) addBig(i int, v optInt) {
	if !v.ok {
		bt.bigs[i].addNull()
		return
	}
	bt.bigs[i].add(v.v)
}

func (bt *batch) addFloat(i int, v optFloat) {
	if !v.ok {
		bt.floats[i].addNull()
		return
	}
	bt.floats[i].add(v.v)
}

func (bt *batch) addDate(i int, v optDate) {
	if !v.ok {
		bt.ints[i].addNull()
		return
	}
	bt.ints[i].add(int32(arrow.Date32FromTime(v.v)))
}

func (bt *batch) addMember(m *memberRow, row int) {
	s := bt.strs
	s[0].add(m.city)
	s[1].add(m.cityKey)
	s[2].add(m.country)
	s[3].add(m.iso3)
	s[4].add(m.region)
	bt.ints[5].add(int32(m.yearJoined))
	bt.addDate(6, m.appliedOn)
	bt.addBig(7, m.population)
	s[8].addOpt(m.populationSource)
	bt.addFloat(9, m.lat)
	bt.addFloat(10, m.lon)
	s[11].add(m.status)
	bt.addInt(12, m.leftYear)
	bt.addDate(13, m.lastReportOn)
	s[14].addOpt(m.sourceURL)
	bt.ints[16].add(int32(row))
	bt.n++
}

func (bt *batch) addReport(r *reportRow, row int) {
	s := bt.strs
	s[0].add(r.iso3)
	s[1].add(r.city)
	s[2].add(r.cityKey)
	bt.addDate(3, optDate{r.submittedOn, true})
	bt.ints[5].add(int32(row))
	bt.n++
}

func (bt *batch) addAnnouncement(a *announcementRow, row int) {
	bt.ints[0].add(int32(a.year))
	bt.addDate(1, a.announcedOn)
	bt.addInt(2, a.newCities)
	bt.addInt(3, a.newCountries)
	bt.addInt(4, a.firstTimeCountries)
	bt.addInt(5, a.totalCities)
	bt.addInt(6, a.totalCountries)
	bt.addBig(7, a.ppl)
	bt.strs[8].addOpt(a.sourceURL)
	bt.strs[9].addOpt(a.note)
	bt.ints[11].add(int32(row))
	bt.n++
}
