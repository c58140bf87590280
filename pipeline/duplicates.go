package pipeline

import (
	"context"
	"database/sql"
	"fmt"
)

// identity is what identifies a row of a kind of file, and how a row that repeats one is
// reported.
type identity struct {
	column       func(*columns) colRef // the column errors point at
	inFile       statement             // rows repeating an earlier row: (row, value, first row)
	elsewhere    statement             // rows another source holds: (row, value, its path, its row)
	once         string                // what was expected of a repeat in the file
	notElsewhere string                // what was expected of one held elsewhere
	errInFile    error
	errElsewhere error
}

// identities are the kinds of file whose rows have an identity: a member is its city in its
// country, an announcement its year. A progress report may repeat.
var identities = map[Kind]identity{
	KindMembers: {
		column: func(c *columns) colRef { return c.city },
		inFile: stmtDupMembersInFile, elsewhere: stmtDupMembersOtherSource,
		once: "each city once per country", notElsewhere: "a city not loaded from another source",
		errInFile: ErrDuplicateCity, errElsewhere: ErrCityElsewhere,
	},
	KindAnnouncements: {
		column: func(c *columns) colRef { return c.year },
		inFile: stmtDupAnnouncementsInFile, elsewhere: stmtDupAnnouncementsOtherSource,
		once: "each year once", notElsewhere: "a year not loaded from another source",
		errInFile: ErrDuplicateYear, errElsewhere: ErrYearElsewhere,
	},
}

// duplicateCheck runs, in a file's transaction and once its rows are loaded, the identity checks
// that need every row of the file and the database.
type duplicateCheck struct {
	tx       *sql.Tx
	v        *validator // names the file and the column in errors
	kind     Kind
	sourceID int64 // the file's rows
	prevID   int64 // the source the file replaces (-1: none), whose rows do not count
	errs     *errorList
}

// run reports the rows that repeat an identity: an earlier row's in the file, or one loaded from
// another source. repeats is false when validation proved that no identity repeats in the file
// (producerStats).
func (d duplicateCheck) run(ctx context.Context, repeats bool) error {
	id, ok := identities[d.kind]
	if !ok {
		return nil
	}
	col := id.column(&d.v.cols)
	if repeats {
		if err := d.inFile(ctx, id, col); err != nil {
			return fmt.Errorf("check duplicates: %w", err)
		}
	}
	if err := d.elsewhere(ctx, id, col); err != nil {
		return fmt.Errorf("check other sources: %w", err)
	}
	return nil
}

// inFile reports the rows that repeat an earlier row's identity in the same file.
func (d duplicateCheck) inFile(ctx context.Context, id identity, col colRef) error {
	rows, err := d.tx.QueryContext(ctx, id.inFile.text(), d.sourceID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var row, first int
		var value string
		if err := rows.Scan(&row, &value, &first); err != nil {
			return err
		}
		e := d.v.errAt(row, col)
		e.Value, e.Err, e.Expected = value, id.errInFile, fmt.Sprintf("%s (already on row %d)", id.once, first)
		d.errs.addChecked(e)
	}
	return rows.Err()
}

// elsewhere reports the rows whose identity another source (not the one replaced) holds.
func (d duplicateCheck) elsewhere(ctx context.Context, id identity, col colRef) error {
	var others int64
	if err := d.tx.QueryRowContext(ctx, stmtCountOtherSources.text(), d.sourceID, d.prevID, string(d.kind)).Scan(&others); err != nil {
		return err
	}
	if others == 0 {
		return nil
	}
	rows, err := d.tx.QueryContext(ctx, id.elsewhere.text(), d.sourceID, d.prevID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var row, otherRow int
		var value, path string
		if err := rows.Scan(&row, &value, &path, &otherRow); err != nil {
			return err
		}
		e := d.v.errAt(row, col)
		e.Value, e.Err, e.Expected = value, id.errElsewhere, fmt.Sprintf("%s (already in %s, row %d)", id.notElsewhere, path, otherRow)
		d.errs.addChecked(e)
		d.errs.addElsewhere(path)
	}
	return rows.Err()
}
