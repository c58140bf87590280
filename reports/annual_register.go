package reports

import (
	"fmt"

	"gnlc/queries"
)

// progressEvery is how many register rows pass between two progress calls.
const progressEvery = 10_000

// memberColumns are the Members sheet's columns (a function: no package-level state).
func memberColumns() []column {
	return []column{
		{Header: "City", Width: 28},
		{Header: "Country", Width: 28},
		{Header: "ISO3", Width: 5},
		{Header: "Region", Width: 30},
		{Header: "Year joined", Width: 6},
		{Header: "Applied on", Width: 10},
		{Header: "Population", Width: 13},
		{Header: "Population source", Width: 20},
		{Header: "Latitude", Width: 10},
		{Header: "Longitude", Width: 10},
		{Header: "Status", Width: 9},
		{Header: "Left in", Width: 6},
		{Header: "Last report", Width: 10},
		{Header: "Source URL", Width: 50},
		{Header: "Source ID", Width: 6},
	}
}

// memberRow fills buf with m's cells, in memberColumns order.
func memberRow(buf []cell, m *queries.Member) []cell {
	buf = append(buf[:0],
		textCell(m.City),
		textCell(m.Country),
		textCell(m.ISO3),
		textCell(m.Region),
		idCell(int64(m.YearJoined)),
		optDateCell(m.AppliedOn),
		optIntCell(m.Population),
		textCell(m.PopulationSource),
		coordCell(m.Lat),
		coordCell(m.Lon),
		textCell(m.Status),
		optYearCell(m.LeftYear),
		optDateCell(m.LastReportOn),
		textCell(m.SourceURL),
		idCell(m.SourceID),
	)
	return buf
}

// members streams the whole register onto Members (split past a sheet's capacity) and keeps
// the report year's cohort for its own sheet.
func (b *annualBuild) members() error {
	t := &tableSpec{
		Sheet:   sheetMembers,
		Table:   "tblMembers",
		Title:   fmt.Sprintf("Members: the register (%s), one row per city", labelNamed),
		Notes:   []string{noteSources, noteGeoNames + " " + noteRegisterBlank},
		Columns: memberColumns(),
	}
	total := b.ds.MemberCount
	src := b.ds.Members
	if src == nil {
		src = func(func(queries.Member, error) bool) {}
	}
	rows := func(yield func([]cell, error) bool) {
		var buf []cell
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
	names, err := streamTable(b.ctx, b.f, b.st, t, total, b.opts.RowsPerSheet, rows)
	if err != nil {
		return err
	}
	b.memberSheets = names
	return nil
}

// cohortSheet lists the report year's new members, taken from the register.
func (b *annualBuild) cohortSheet() error {
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
	cols := make([]column, 0, len(memberColumns()))
	for _, c := range memberColumns() {
		if c.Header == "Year joined" || c.Header == "Source ID" {
			continue
		}
		cols = append(cols, c)
	}
	t := &tableSpec{
		Sheet:   cohortSheet(ds.Year),
		Table:   fmt.Sprintf("tblCohort%d", ds.Year),
		Title:   fmt.Sprintf("Cohort %d: the year's new members (%s)", ds.Year, labelNamed),
		Notes:   []string{note, noteGeoNames + " " + noteRegisterBlank},
		Columns: cols,
		Measure: true,
	}
	rows := func(yield func([]cell, error) bool) {
		var buf []cell
		for i := range b.cohort {
			buf = memberRow(buf, &b.cohort[i])
			// Drop Year joined (index 4) and Source ID (last): the same for every row here.
			buf = append(buf[:4], buf[5:len(buf)-1]...)
			if !yield(buf, nil) {
				return
			}
		}
	}
	names, err := streamTable(b.ctx, b.f, b.st, t, int64(len(b.cohort)), b.opts.RowsPerSheet, rows)
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
	t := &tableSpec{
		Sheet: sheetSources,
		Table: "tblSources",
		Title: "Sources: the input files this workbook was built from",
		Notes: []string{
			fmt.Sprintf("Written by gnlc %s at %s UTC.", version, ds.GeneratedAt.UTC().Format("2006-01-02 15:04:05")),
			noteGeoNames,
		},
		Columns: []column{
			{Header: "Source ID"}, {Header: "Path"}, {Header: "Kind"}, {Header: "SHA-256"},
			{Header: "Rows"}, {Header: "Loaded at (UTC)"}, {Header: "Loaded by gnlc"},
		},
	}
	rows := make([][]cell, len(ds.Sources))
	for i, s := range ds.Sources {
		rows[i] = []cell{
			idCell(s.ID), textCell(s.Path), textCell(s.Kind), textCell(s.SHA256),
			intCell(s.Rows), dateTimeCell(s.LoadedAt), textCell(s.GnlcVersion),
		}
	}
	sw, err := writeTable(b.f, b.st, t, rows)
	if err != nil {
		return err
	}
	// The run's facts as cells too, below the table, for formulas and filters elsewhere.
	r := t.headerRow() + max(len(rows), 1) + 2
	facts := [][]cell{
		{boldText("gnlc version"), textCell(version)},
		{boldText("Run at (UTC)"), dateTimeCell(ds.GeneratedAt)},
		{boldText("Report year"), idCell(int64(ds.Year))},
	}
	if !ds.AsOf.IsZero() {
		facts = append(facts, []cell{boldText("As of"), dateCell(ds.AsOf)})
	}
	for i, fc := range facts {
		if err := sw.row(r+i, 1, fc...); err != nil {
			return err
		}
	}
	return sw.fit()
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
