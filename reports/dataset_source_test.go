package reports

import (
	"context"
	"errors"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"gnlc/queries"
	"gnlc/rules"
)

// The database's questions are what NewDataset reads.
var _ DatasetSource = (*queries.Queries)(nil)

// fakeSource answers NewDataset without a database: the latest cohort is latest, the cohort
// before it prev (none when 0), and the method named fail returns err.
type fakeSource struct {
	latest, prev int
	fail         string
	err          error
	called       []string
}

func (f *fakeSource) call(method string) error {
	f.called = append(f.called, method)
	if method == f.fail {
		return f.err
	}
	return nil
}

func (f *fakeSource) LatestCohort(context.Context) (int, error) {
	return f.latest, f.call("LatestCohort")
}

func (f *fakeSource) PreviousCohort(context.Context, int) (int, bool, error) {
	return f.prev, f.prev != 0, f.call("PreviousCohort")
}

func (f *fakeSource) Headline(_ context.Context, year int) (queries.Headline, error) {
	return queries.Headline{Year: year}, f.call("Headline")
}

func (f *fakeSource) Growth(context.Context) ([]queries.GrowthRow, error) {
	return []queries.GrowthRow{{Year: f.latest}}, f.call("Growth")
}

func (f *fakeSource) Reconciliation(context.Context) ([]queries.ReconciliationRow, error) {
	return nil, f.call("Reconciliation")
}

func (f *fakeSource) Regions(context.Context) ([]queries.RegionRow, error) {
	return nil, f.call("Regions")
}

func (f *fakeSource) Countries(context.Context) ([]queries.CountryRow, error) {
	return nil, f.call("Countries")
}

func (f *fakeSource) Cohorts(context.Context) ([]queries.CohortRow, error) {
	return nil, f.call("Cohorts")
}

func (f *fakeSource) Quota(context.Context) ([]queries.QuotaRow, error) {
	return nil, f.call("Quota")
}

func (f *fakeSource) NextCall(_ context.Context, asOf time.Time) (queries.NextWindow, error) {
	w := queries.NextWindow{}
	w.Opens = asOf
	return w, f.call("NextCall")
}

func (f *fakeSource) QuotaNext(context.Context, time.Time) ([]queries.QuotaNext, error) {
	return nil, f.call("QuotaNext")
}

func (f *fakeSource) ComplianceSummary(context.Context, time.Time) (queries.ComplianceSummary, error) {
	return queries.ComplianceSummary{}, f.call("ComplianceSummary")
}

func (f *fakeSource) Quality(context.Context) ([]queries.QualityRow, error) {
	return nil, f.call("Quality")
}

func (f *fakeSource) Sources(context.Context) ([]queries.Source, error) {
	return nil, f.call("Sources")
}

func (f *fakeSource) Rules(context.Context) (*rules.Rules, error) {
	if err := f.call("Rules"); err != nil {
		return nil, err
	}
	return rules.Default()
}

func (f *fakeSource) MemberCount(context.Context) (int64, error) {
	return 7, f.call("MemberCount")
}

func (f *fakeSource) Members(context.Context) iter.Seq2[queries.Member, error] {
	f.called = append(f.called, "Members")
	return func(func(queries.Member, error) bool) {}
}

func (f *fakeSource) ComplianceRows(context.Context, time.Time) iter.Seq2[queries.ComplianceRow, error] {
	f.called = append(f.called, "ComplianceRows")
	return func(func(queries.ComplianceRow, error) bool) {}
}

func (f *fakeSource) ActiveMembers(context.Context) iter.Seq2[queries.Member, error] {
	f.called = append(f.called, "ActiveMembers")
	return func(func(queries.Member, error) bool) {}
}

func (f *fakeSource) MembersReporting(context.Context, time.Time) iter.Seq2[queries.MemberReporting, error] {
	f.called = append(f.called, "MembersReporting")
	return func(func(queries.MemberReporting, error) bool) {}
}

func TestNewDataset_latestCohort(t *testing.T) {
	t.Parallel()
	src := &fakeSource{latest: 2025, prev: 2024}
	asOf, now := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	ds, err := NewDataset(t.Context(), src, DatasetOptions{AsOf: asOf, GeneratedAt: now, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	type summary struct {
		Year, HeadlineYear, PreviousYear int
		AsOf, GeneratedAt, NextOpens     time.Time
		Version                          string
		Growth                           []queries.GrowthRow
		Rules                            Rules
		MemberCount                      int64
		Streams                          bool
	}
	got := summary{ds.Year, ds.Headline.Year, ds.PreviousHeadline.Year, ds.AsOf, ds.GeneratedAt, ds.NextCall.Opens,
		ds.Version, ds.Growth, ds.Rules, ds.MemberCount, ds.Members != nil && ds.Compliance != nil}
	want := summary{2025, 2025, 2024, asOf, now, asOf, "test", []queries.GrowthRow{{Year: 2025}},
		Rules{QuotaLimit: 3, QuotaEffectiveFrom: 2019, DefaultWindow: "1 March–30 April", Window: rules.Window{Opens: rules.MonthDay{Month: time.March, Day: 1}, Closes: rules.MonthDay{Month: time.April, Day: 30}, CohortLag: 1, EffectiveFrom: 2019, EveryYears: 2}, ReportEveryYears: 2, Source: "embedded default"},
		7, true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("dataset (-want +got):\n%s", diff)
	}
}

func TestNewDataset_year(t *testing.T) {
	t.Parallel()
	src := &fakeSource{latest: 2025}
	ds, err := NewDataset(t.Context(), src, DatasetOptions{Year: 2022})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Year != 2022 || ds.Headline.Year != 2022 || ds.PreviousHeadline.Year != 0 {
		t.Errorf("year %d, headline %d, previous %d; want 2022, 2022 and none", ds.Year, ds.Headline.Year, ds.PreviousHeadline.Year)
	}
	if slices.Contains(src.called, "LatestCohort") {
		t.Error("LatestCohort asked although the year was given")
	}
}

func TestNewDataset_errors(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := []struct {
		name    string
		src     *fakeSource
		want    string
		wantErr error
	}{
		{"no members", &fakeSource{fail: "LatestCohort", err: queries.ErrNoMembers},
			"find the latest cohort: the register has no members", queries.ErrNoMembers},
		{"a question fails", &fakeSource{latest: 2025, fail: "Regions", err: boom},
			"gather the report's data: regions: boom", boom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ds, err := NewDataset(t.Context(), tt.src, DatasetOptions{})
			if ds != nil || err == nil || err.Error() != tt.want || !errors.Is(err, tt.wantErr) {
				t.Fatalf("NewDataset = %v, %v; want no dataset and %q", ds, err, tt.want)
			}
			// Nothing is asked after the first failure.
			if last := tt.src.called[len(tt.src.called)-1]; last != tt.src.fail {
				t.Errorf("asked %s after %s failed", last, tt.src.fail)
			}
		})
	}
}
