package pipeline

import (
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
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

// batch accumulates validated rows into Arrow builders for one record of at most limit rows.
// It is used by one goroutine.
type batch struct {
	b        *array.RecordBuilder
	n        int
	capacity int
	sourceID int32
}

func newBatch(k Kind, sourceID int32, capacity int) *batch {
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schemaOf(k))
	b.Reserve(capacity)
	return &batch{b: b, capacity: capacity, sourceID: sourceID}
}

// record returns the rows added since the last call as one record (the caller releases it) and
// starts a new one.
func (bt *batch) record() arrow.Record {
	// NewRecord hands the builders' buffers to the record and leaves them empty: without a new
	// reservation every batch regrew its buffers by doubling, copying (and the Go allocator
	// zeroing) each string column several times over; a tenth of ingest's CPU on 1,000,000 rows.
	// The next batch's text is sized on this one's, plus an eighth.
	fields := bt.b.Fields()
	data := make([]int, len(fields))
	for i, f := range fields {
		if sb, ok := f.(*array.StringBuilder); ok {
			data[i] = sb.DataLen()
		}
	}
	bt.n = 0
	rec := bt.b.NewRecord()
	bt.b.Reserve(bt.capacity)
	for i, f := range fields {
		if sb, ok := f.(*array.StringBuilder); ok && data[i] > 0 {
			sb.ReserveData(data[i] + data[i]/8)
		}
	}
	return rec
}

func (bt *batch) release() { bt.b.Release() }

func appendStr(b array.Builder, s string, nullable bool) {
	sb := b.(*array.StringBuilder)
	if nullable && s == "" {
		sb.AppendNull()
		return
	}
	sb.Append(s)
}

func appendInt32(b array.Builder, v optInt) {
	ib := b.(*array.Int32Builder)
	if !v.ok {
		ib.AppendNull()
		return
	}
	ib.Append(int32(v.v))
}

func appendInt64(b array.Builder, v optInt) {
	ib := b.(*array.Int64Builder)
	if !v.ok {
		ib.AppendNull()
		return
	}
	ib.Append(v.v)
}

func appendFloat(b array.Builder, v optFloat) {
	fb := b.(*array.Float64Builder)
	if !v.ok {
		fb.AppendNull()
		return
	}
	fb.Append(v.v)
}

func appendDate(b array.Builder, v optDate) {
	db := b.(*array.Date32Builder)
	if !v.ok {
		db.AppendNull()
		return
	}
	db.Append(arrow.Date32FromTime(v.v))
}

func (bt *batch) addMember(m *memberRow, row int) {
	f := bt.b.Fields()
	appendStr(f[0], m.city, false)
	appendStr(f[1], m.cityKey, false)
	appendStr(f[2], m.country, false)
	appendStr(f[3], m.iso3, false)
	appendStr(f[4], m.region, false)
	appendInt32(f[5], optInt{m.yearJoined, true})
	appendDate(f[6], m.appliedOn)
	appendInt64(f[7], m.population)
	appendStr(f[8], m.populationSource, true)
	appendFloat(f[9], m.lat)
	appendFloat(f[10], m.lon)
	appendStr(f[11], m.status, false)
	appendInt32(f[12], m.leftYear)
	appendDate(f[13], m.lastReportOn)
	appendStr(f[14], m.sourceURL, true)
	appendInt32(f[15], optInt{int64(bt.sourceID), true})
	appendInt32(f[16], optInt{int64(row), true})
	bt.n++
}

func (bt *batch) addReport(r *reportRow, row int) {
	f := bt.b.Fields()
	appendStr(f[0], r.iso3, false)
	appendStr(f[1], r.city, false)
	appendStr(f[2], r.cityKey, false)
	appendDate(f[3], optDate{r.submittedOn, true})
	appendInt32(f[4], optInt{int64(bt.sourceID), true})
	appendInt32(f[5], optInt{int64(row), true})
	bt.n++
}

func (bt *batch) addAnnouncement(a *announcementRow, row int) {
	f := bt.b.Fields()
	appendInt32(f[0], optInt{a.year, true})
	appendDate(f[1], a.announcedOn)
	appendInt32(f[2], a.newCities)
	appendInt32(f[3], a.newCountries)
	appendInt32(f[4], a.firstTimeCountries)
	appendInt32(f[5], a.totalCities)
	appendInt32(f[6], a.totalCountries)
	appendInt64(f[7], a.ppl)
	appendStr(f[8], a.sourceURL, true)
	appendStr(f[9], a.note, true)
	appendInt32(f[10], optInt{int64(bt.sourceID), true})
	appendInt32(f[11], optInt{int64(row), true})
	bt.n++
}
