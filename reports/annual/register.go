package annual

import (
	"context"
	"fmt"

	"gnlc/queries"
	"gnlc/reports/internal/xlsx"
)

// progressEvery is how many register rows pass between two progress calls.
const progressEvery = 10_000

// memberColumns are the Members sheet's columns (a function: no package-level state).
func memberColumns() []xlsx.Column {
	return []xlsx.Column{
		{Header: "City", Width: 28, Align: xlsx.AlignLeft},
		{Header: "Country", Width: 28, Align: xlsx.AlignLeft},
		{Header: "ISO3", Width: 5, Align: xlsx.AlignLeft},
		{Header: "Region", Width: 30, Align: xlsx.AlignLeft},
		{Header: "Year joined", Width: 6, Align: xlsx.AlignRight},
		{Header: "Applied on", Width: 10, Align: xlsx.AlignRight},
		{Header: "Population", Width: 13, Align: xlsx.AlignRight},
		{Header: "Population source", Width: 20, Align: xlsx.AlignLeft},
		{Header: "Latitude", Width: 10, Align: xlsx.AlignRight},
		{Header: "Longitude", Width: 10, Align: xlsx.AlignRight},
		{Header: "Status", Width: 9, Align: xlsx.AlignCenter},
		{Header: "Left in", Width: 6, Align: xlsx.AlignRight},
		{Header: "Last report", Width: 10, Align: xlsx.AlignRight},
		{Header: "Source URL", Width: 50, Align: xlsx.AlignLeft},
		{Header: "Source ID", Width: 6, Align: xlsx.AlignRight},
	}
}

// memberRow fills buf with m's cells, in memberColumns order.
func memberRow(buf []xlsx.Cell, m *queries.Member) []xlsx.Cell {
	buf = append(buf[:0],
		xlsx.Text(m.City),
		xlsx.Text(m.Country),
		xlsx.Text(m.ISO3),
		xlsx.Text(m.Region),
		xlsx.ID(int64(m.YearJoined)),
		xlsx.OptDate(m.AppliedOn),
		xlsx.OptInt(m.Population),
		xlsx.Text(m.PopulationSource),
		xlsx.Coord(m.Lat),
		xlsx.Coord(m.Lon),
		xlsx.Centered(m.Status),
		xlsx.OptYear(m.LeftYear),
		xlsx.OptDate(m.LastReportOn),
		xlsx.Text(m.SourceURL),
		xlsx.ID(m.SourceID),
	)
	return buf
}

// members streams the whole register onto Members (split past a sheet's capacity) and keeps
// the report year's cohort for its own sheet.
func (b *annualBuild) members(ctx context.Context) error {
	t := b.dataSheet(sheetMembers, "tblMembers",
		fmt.Sprintf("Members: the register (%s), one row per city", labelNamed),
		[]string{noteSources, noteGeoNames + " " + noteRegisterBlank}, memberColumns())
	total := b.ds.MemberCount
	src := b.ds.Members
	if src == nil {
		src = func(func(queries.Member, error) bool) {}
	}
	rows := func(yield func([]xlsx.Cell, error) bool) {
		var buf []xlsx.Cell
		var done int64
		for m, err := range src {
			if err != nil {
				yield(nil, fmt.Errorf("read register: %w", err))
				return
			}
			if m.YearJoined == b.ds.Year {
				b.cohort = append(b.cohort, m)
			}
			buf = memberRow(buf, &m)
			if !yield(buf, nil) {
				return
			}
			done++
			if done%progressEvery == 0 {
				b.reportProgress(done, total)
			}
		}
		b.reportProgress(done, total)
	}
	names, err := xlsx.Stream{Spec: t, Rows: total, PerSheet: b.opts.RowsPerSheet}.Write(ctx, b.f, b.st, rows)
	if err != nil {
		return err
	}
	b.memberSheets = names
	return nil
}

// cohortSheet lists the report year's new members, taken from the register.
func (b *annualBuild) cohortSheet(ctx context.Context) error {
	ds := b.ds
	h := ds.Headline
	countries := map[string]bool{}
	for _, m := range b.cohort {
		countries[m.ISO3] = true
	}
	note := fmt.Sprintf("Named members: %d cities from %d countries joined in %d.", len(b.cohort), len(countries), ds.Year)
	if h.Published.NewCities != nil {
		note += fmt.Sprintf(" As published: %s cities", groupDigits(*h.Published.NewCities))
		if h.Published.NewCountries != nil {
			note += fmt.Sprintf(" from %s countries", groupDigits(*h.Published.NewCountries))
		}
		note += "."
	}
	cols := make([]xlsx.Column, 0, len(memberColumns()))
	for _, c := range memberColumns() {
		if c.Header == "Year joined" || c.Header == "Source ID" {
			continue
		}
		cols = append(cols, c)
	}
	t := b.dataSheet(cohortSheet(ds.Year), fmt.Sprintf("tblCohort%d", ds.Year),
		fmt.Sprintf("Cohort %d: the year's new members (%s)", ds.Year, labelNamed),
		[]string{note, noteGeoNames + " " + noteRegisterBlank}, cols)
	t.Measure = true
	rows := func(yield func([]xlsx.Cell, error) bool) {
		var buf []xlsx.Cell
		for i := range b.cohort {
			buf = memberRow(buf, &b.cohort[i])
			// Drop Year joined (index 4) and Source ID (last): the same for every row here.
			buf = append(buf[:4], buf[5:len(buf)-1]...)
			if !yield(buf, nil) {
				return
			}
		}
	}
	names, err := xlsx.Stream{Spec: t, Rows: int64(len(b.cohort)), PerSheet: b.opts.RowsPerSheet}.Write(ctx, b.f, b.st, rows)
	b.cohortSheets = names
	return err
}

// sources lists every input file with its checksum, and the run that wrote the workbook.
func (b *annualBuild) sources() error {
	ds := b.ds
	version := ds.Version
	if version == "" {
		version = "unknown"
	}
	t := b.dataSheet(sheetSources, "tblSources",
		"Sources: the input files this workbook was built from",
		[]string{fmt.Sprintf("Written by gnlc %s at %s UTC.", version, ds.GeneratedAt.UTC().Format("2006-01-02 15:04:05")), noteGeoNames},
		[]xlsx.Column{
			{Header: "Source ID"}, {Header: "Path"}, {Header: "Kind"}, {Header: "SHA-256"},
			{Header: "Rows"}, {Header: "Loaded at (UTC)"}, {Header: "Loaded by gnlc"},
		})
	rows := make([][]xlsx.Cell, len(ds.Sources))
	for i, s := range ds.Sources {
		rows[i] = []xlsx.Cell{
			xlsx.ID(s.ID), xlsx.Text(s.Path), xlsx.Text(s.Kind), xlsx.Text(s.SHA256),
			xlsx.Int(s.Rows), xlsx.DateTime(s.LoadedAt), xlsx.Text(s.GnlcVersion),
		}
	}
	// The run's facts (version, time, year, as-of) are on the Summary and in the Notes: below
	// the table they would read as rows of it.
	_, err := xlsx.WriteTable(b.f, b.st, t, rows)
	return err
}

// groupDigits formats n with thousands separators, as the cells show it.
func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
