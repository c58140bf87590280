// Package gen writes synthetic registers for benchmarks and stress tests: realistic in shape
// (every column of the input contract, countries written as users write them, accents, grouped
// numbers, empty cells) and valid, so every row loads. Rows are unique by construction; the same
// arguments always give the same bytes.
package gen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/xuri/excelize/v2"

	"gnlc/internal/atomicfile"
)

// Header is the members header the generators write.
var Header = []string{"city", "country", "region", "year_joined", "applied_on", "population", "population_source", "lat", "lon", "status", "left_year", "last_report_on", "source_url"}

// countries as users type them (English, French, Spanish, codes), with their UNESCO region
// (empty: left for ingest to derive).
var countries = [...]struct{ name, region string }{
	{"France", "Europe and North America"}, {"Viet Nam", ""}, {"República de Corea", "Asia and the Pacific"},
	{"MEX", ""}, {"Côte d'Ivoire", "Africa"}, {"Türkiye", ""}, {"Maroc", "Arab States"},
	{"Brasil", "Latin America and the Caribbean"}, {"Iran (Islamic Republic of)", ""}, {"DEU", ""},
	{"China", "Asia and the Pacific"}, {"Nigeria", ""}, {"Colombia", ""}, {"Irlande", ""}, {"EGY", "Arab States"},
}

var prefixes = [...]string{"Saint-", "San ", "Nueva ", "Ville-", "Ciudad ", "", "", "", "Nam ", "Új "}
var stems = [...]string{"Besançon", "Córdoba", "Lyon", "Hải Phòng", "Kraków", "Gwangmyeong", "Izmir", "Fès", "Medellín", "Osun", "Ürümqi", "Málaga"}

// Row returns the i-th synthetic row in Header order.
func Row(i int) []string {
	r := rand.New(rand.NewPCG(uint64(i), 0x9e3779b97f4a7c15))
	c := countries[i%len(countries)]
	year := 2015 + r.IntN(10)
	row := []string{
		fmt.Sprintf("%s%s %d", prefixes[r.IntN(len(prefixes))], stems[r.IntN(len(stems))], i),
		c.name, c.region, fmt.Sprint(year), "", "", "", "", "", "active", "", "", "",
	}
	if r.IntN(2) == 0 {
		row[4] = fmt.Sprintf("%02d/04/%d", 1+r.IntN(28), year-1)
	}
	if r.IntN(5) > 0 {
		pop := 10_000 + r.IntN(5_000_000)
		if r.IntN(3) == 0 {
			row[5] = fmt.Sprintf("%d %03d %03d", pop/1_000_000, pop/1000%1000, pop%1000)
			if pop < 1_000_000 {
				row[5] = fmt.Sprintf("%d %03d", pop/1000, pop%1000)
			}
		} else {
			row[5] = fmt.Sprint(pop)
		}
		row[6] = "GeoNames"
		row[7] = fmt.Sprintf("%.5f", r.Float64()*170-85)
		row[8] = fmt.Sprintf("%.5f", r.Float64()*350-175)
	}
	if r.IntN(20) == 0 {
		row[9], row[10] = "withdrawn", fmt.Sprint(year+1)
	}
	if r.IntN(3) == 0 {
		row[11] = fmt.Sprintf("%d-%02d-%02d", year+1, 1+r.IntN(12), 1+r.IntN(28))
	}
	row[12] = fmt.Sprintf("https://uil.unesco.org/learning-cities/member/%d", i)
	return row
}

// WriteCSV writes a header and rows rows of CSV to w.
func WriteCSV(w io.Writer, rows int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	writeRecord(bw, Header)
	for i := range rows {
		writeRecord(bw, Row(i))
	}
	return bw.Flush()
}

func writeRecord(w *bufio.Writer, rec []string) {
	for i, f := range rec {
		if i > 0 {
			w.WriteByte(',')
		}
		needQuote := false
		for _, c := range []byte(f) {
			if c == ',' || c == '"' || c == '\n' {
				needQuote = true
			}
		}
		if needQuote {
			fmt.Fprintf(w, "%q", f) // no field holds a quote, so %q's escaping never applies
		} else {
			w.WriteString(f)
		}
	}
	w.WriteByte('\n')
}

// WriteCSVFile writes a CSV register of rows rows to path.
func WriteCSVFile(path string, rows int) error {
	return atomicfile.Write(path, 0o644, func(w io.Writer) error { return WriteCSV(w, rows) })
}

// WriteXLSXFile writes an XLSX register of rows rows to path with excelize's StreamWriter, so
// memory stays flat; year and population are numbers, as in a workbook an analyst keeps.
func WriteXLSXFile(path string, rows int) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	cells := make([]any, len(Header))
	for i, h := range Header {
		cells[i] = h
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for i := range rows {
		row := Row(i)
		for j, v := range row {
			cells[j] = v
		}
		var year int
		fmt.Sscan(row[3], &year)
		cells[3] = year
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return atomicfile.Write(path, 0o644, func(w io.Writer) error { return f.Write(w) })
}
