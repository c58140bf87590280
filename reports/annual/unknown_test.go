package annual

import (
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"gnlc/queries"
	"gnlc/reports/internal/reportstest"
)

// The annual workbook's data sheets hold a number or nothing in a numeric column, so that
// machines read them: a figure UNESCO did not publish, a population or a date not known, is an
// empty cell (never 0), and a state column beside it says which it is: Reconciliation says
// "not published" for over-named (never "no"); Compliance's Application and Reporting say
// unknown, exempt, not a member.
func TestWrite_unknownIsNotZero(t *testing.T) {
	t.Parallel()
	ds := reportstest.AnnualDataset()
	ds.Reconciliation = []queries.ReconciliationRow{
		{Year: 2021, NamedNew: 3, NamedTotal: 3, NamedTotalCountries: 1}, // nothing published
		{Year: 2022, PublishedNew: reportstest.Ptr[int64](4), NamedNew: 2, PublishedNewCountries: reportstest.Ptr[int64](2), NamedNewCountries: 1,
			PublishedTotal: reportstest.Ptr[int64](9), NamedTotal: 5, PublishedTotalCountries: reportstest.Ptr[int64](3), NamedTotalCountries: 1,
			Coverage: reportstest.Ptr(0.5), OverNamed: reportstest.Ptr(false)},
		{Year: 2023, PublishedNew: reportstest.Ptr[int64](0), NamedNew: 0, PublishedNewCountries: reportstest.Ptr[int64](0),
			PublishedTotal: reportstest.Ptr[int64](9), NamedTotal: 5, PublishedTotalCountries: reportstest.Ptr[int64](3), NamedTotalCountries: 1,
			OverNamed: reportstest.Ptr(false)},
	}
	ds.Countries[1].PeopleReached = nil
	f := reportstest.Open(t, writeAnnualT(t, ds, Options{}))
	defer f.Close()
	rowOf := func(sheet string, col int, key string) []string {
		t.Helper()
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if len(r) > col && r[col] == key {
				return r
			}
		}
		t.Fatalf("%s: no row with %q in column %d", sheet, key, col+1)
		return nil
	}
	tests := []struct {
		name   string
		sheet  string
		keyCol int
		key    string
		cols   []int
		want   []string
	}{
		// Year, new (published), new (named), ..., coverage, named more than published.
		{"reconciliation unpublished", "Reconciliation", 0, "2021", []int{1, 3, 5, 7, 9, 10},
			[]string{"", "", "", "", "", "not published"}},
		{"reconciliation published", "Reconciliation", 0, "2022", []int{1, 9, 10}, []string{"4", "50.00%", "no"}},
		{"reconciliation none published", "Reconciliation", 0, "2023", []int{1, 9, 10}, []string{"0", "", "no"}},
		{"countries people unknown", "Countries", 2, ds.Countries[1].ISO3, []int{8}, []string{""}},
		{"countries people known", "Countries", 2, ds.Countries[0].ISO3, []int{8}, []string{"12,345,678"}},
		// Days outside, last report, next due, days overdue, reporting, cycle.
		{"compliance reporting unknown", "Compliance", 0, "Yaoundé 1er", []int{8, 9, 10, 11, 12, 13, 14},
			[]string{"inside", "0", "", "", "", "unknown", "unknown"}},
		{"compliance window unknown", "Compliance", 0, "Old Town", []int{4, 8, 9, 13}, []string{"", "unknown", "", "not a member"}},
		{"compliance never reported", "Compliance", 0, "Larissa", []int{8, 9, 10, 12, 13}, []string{"exempt", "", "", "60", "overdue"}},
		{"compliance on time", "Compliance", 0, "Namyangju", []int{12, 14}, []string{"0", "every 2 years"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rowOf(tt.sheet, tt.keyCol, tt.key)
			var got []string
			for _, c := range tt.cols {
				got = append(got, reportstest.CellAt([][]string{r}, 1, c+1))
			}
			if diff := gocmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s %s columns %v (-want +got):\n%s", tt.sheet, tt.key, tt.cols, diff)
			}
		})
	}
}
