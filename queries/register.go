package queries

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"time"

	"gnlc/rules"
)

// Members streams the register by country, then city, a page of whole countries at a time
// (defaultPageRows). Each range over the sequence runs the queries anew, so it may be ranged
// over more than once and by several goroutines (on a *sql.DB); breaking out early closes the
// rows. A failure is yielded once, as the last element.
func (q *Queries) Members(ctx context.Context) iter.Seq2[Member, error] {
	return streamPages(ctx, q, stmtMemberPages, stmtMembers,
		func(p page) []any { return []any{p.countries} },
		func(r *rowReader) Member { return readMember(r) })
}

// ActiveMembers streams the register's active members with what a map needs of them: City,
// Country, ISO3, YearJoined, Lat, Lon and Status, the other fields left zero. They come a page of
// whole countries at a time (defaultPageRows), the pages in Members' order and each page by
// ISO3, city and year in byte order: an order fixed for a register, without Members'
// accent-folding sort, which a map does not need. Like Members, each range runs the queries
// anew; a failure is yielded once, as the last element.
func (q *Queries) ActiveMembers(ctx context.Context) iter.Seq2[Member, error] {
	return streamPages(ctx, q, stmtMemberPages, stmtActiveMembers,
		func(p page) []any { return []any{p.countries} },
		func(r *rowReader) Member {
			return Member{City: r.text(0), Country: r.symbol(1), ISO3: r.symbol(2),
				YearJoined: int(r.integer(3)), Lat: r.floatPtr(4), Lon: r.floatPtr(5), Status: r.symbol(6)}
		})
}

// MembersReporting streams the register as Members does (same order, same rows, by pages),
// each member beside its reporting obligation on the day asOf (macro reporting_due_at): a
// delegation reads a country's members and obligations in one pass, never the whole register's
// obligations at once. Like Members, each range runs the queries anew; a failure is yielded
// once, as the last element.
func (q *Queries) MembersReporting(ctx context.Context, asOf time.Time) iter.Seq2[MemberReporting, error] {
	return streamPages(ctx, q, stmtMemberPages, stmtMembersReporting,
		func(p page) []any { return []any{dateParam(asOf), p.countries, p.iso3s} },
		func(r *rowReader) MemberReporting {
			mr := MemberReporting{Member: readMember(r)}
			if r.flag(15) {
				mr.Reporting = &ReportingRow{City: mr.City, ISO3: mr.ISO3, Country: r.symbol(16),
					YearJoined: int(r.integer(17)), LastReport: r.datePtr(18), NextDue: r.datePtr(19),
					DaysOverdue: r.integer(20), Status: ReportStatus(r.symbol(21)), Cycle: r.symbol(22)}
			}
			return mr
		})
}

// readMember reads the register's columns (members.sql's, in order) from r; a text column that
// is NULL (population_source, source_url) is "".
func readMember(r *rowReader) Member {
	return Member{
		City: r.text(0), Country: r.symbol(1), ISO3: r.symbol(2), Region: r.symbol(3),
		YearJoined: int(r.integer(4)), AppliedOn: r.datePtr(5), Population: r.int64Ptr(6),
		PopulationSource: r.symbol(7), Lat: r.floatPtr(8), Lon: r.floatPtr(9), Status: r.symbol(10),
		LeftYear: r.intPtr(11), LastReportOn: r.datePtr(12), SourceURL: r.text(13), SourceID: r.integer(14),
	}
}

// MemberCount returns how many rows Members yields.
func (q *Queries) MemberCount(ctx context.Context) (int64, error) {
	rows, err := collect(ctx, q, stmtMemberCount, func(r *sql.Rows, n *int64) error { return r.Scan(n) })
	if err != nil {
		return 0, err
	}
	return rows[0], nil
}

// Sources returns the loaded input files in load order.
func (q *Queries) Sources(ctx context.Context) ([]Source, error) {
	return collect(ctx, q, stmtSources, func(r *sql.Rows, s *Source) error {
		return r.Scan(&s.ID, &s.Path, &s.Kind, &s.SHA256, &s.Rows, &s.LoadedAt, &s.GnlcVersion)
	})
}

// Quality returns the data-quality counts (view data_quality).
func (q *Queries) Quality(ctx context.Context) ([]QualityRow, error) {
	return collect(ctx, q, stmtQuality, func(r *sql.Rows, x *QualityRow) error {
		return r.Scan(&x.Check, &x.Detail, &x.Count)
	})
}

// Rules returns the rules the questions apply: the stored ones, or the overlay on a connection
// where OverlayRules ran.
func (q *Queries) Rules(ctx context.Context) (*rules.Rules, error) {
	settings, err := collect(ctx, q, stmtRules, func(r *sql.Rows, x *rules.Rules) error {
		var om, cm int
		err := r.Scan(&x.Source, &x.Version, &x.Quota.Limit, &x.Quota.EffectiveFrom,
			&om, &x.Window.Opens.Day, &cm, &x.Window.Closes.Day,
			&x.Window.CohortLag, &x.Window.EffectiveFrom, &x.Window.EveryYears, &x.Reporting.EveryYears, &x.Reporting.EffectiveFrom)
		x.Window.Opens.Month, x.Window.Closes.Month = time.Month(om), time.Month(cm)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(settings) != 1 {
		return nil, fmt.Errorf("query rules: %d rows of settings, want 1", len(settings))
	}
	r := &settings[0]
	if r.Calls, err = collect(ctx, q, stmtRulesCalls, func(rs *sql.Rows, c *rules.Call) error {
		return rs.Scan(&c.Year, &c.Opens, &c.Closes, &c.Cohort)
	}); err != nil {
		return nil, err
	}
	if r.Cycles, err = collect(ctx, q, stmtRulesCycles, func(rs *sql.Rows, c *rules.Cycle) error {
		return rs.Scan(&c.Name, &c.Begins, &c.Due, &c.ExemptFrom)
	}); err != nil {
		return nil, err
	}
	return r, nil
}
