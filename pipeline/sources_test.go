package pipeline

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"gnlc/fixtures"
)

// sourcePaths lists the sources' paths in load order.
func sourcePaths(t *testing.T, ing *Ingester) []string {
	t.Helper()
	rows, err := ing.DB.QueryContext(t.Context(), "SELECT path FROM sources ORDER BY source_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// writeNewFile writes text at path, creating its folder.
func writeNewFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

const (
	registerV1 = "city,country,year_joined,population\nCork,Ireland,2015,222333\nLyon,France,2024,522250\nBilbao,Spain,2022,345821\n"
	registerV2 = "city,country,year_joined,population\nBilbao,Spain,2022,345821\nLyon,France,2024,522969\nQuito,Ecuador,2016,2011388\n"
	reportsV1  = "city,country,submitted_on\nCork,Ireland,2023-05-02\n"
)

// TestIngest_sources: the managed sources, each case on a fresh database holding register.csv
// (registerV1, source 1) and reports.csv (source 2).
func TestIngest_sources(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// file is written (under its name in the case's folder) with text, then loaded with opts.
		file, text string
		opts       FileOptions
		wantErr    error // a sentinel the error wraps; nil: no error
		// want is compared with the result, on the fields it sets (File, Source and SHA256 are
		// filled in by the test).
		want      FileResult
		wantPaths []string // sources after the load, relative to the folder
	}{
		{
			name: "same content under another name is a no-op naming the source",
			file: "register (1).csv", text: registerV1,
			want:      FileResult{Kind: KindMembers, SourceID: 1, SameAs: &Source{ID: 1, Path: "register.csv", Kind: KindMembers, Rows: 3}},
			wantPaths: []string{"register.csv", "reports.csv"},
		},
		{
			name: "moved into another folder, the same",
			file: "archive/2025/register.csv", text: registerV1,
			want:      FileResult{Kind: KindMembers, SourceID: 1, SameAs: &Source{ID: 1, Path: "register.csv", Kind: KindMembers, Rows: 3}},
			wantPaths: []string{"register.csv", "reports.csv"},
		},
		{
			name: "replace by path: the cities added, removed and changed",
			file: "register-v2.csv", text: registerV2, opts: FileOptions{Replace: "register.csv"},
			want: FileResult{Kind: KindMembers, SourceID: 3, Loaded: 3, HeaderRow: 1, Replaced: true,
				Previous: &Source{ID: 1, Path: "register.csv", Kind: KindMembers, Rows: 3},
				Added:    CityList{Count: 1, Names: []string{"Quito (ECU)"}},
				Removed:  CityList{Count: 1, Names: []string{"Cork (IRL)"}},
				Changed:  CityList{Count: 1, Names: []string{"Lyon (FRA)"}}},
			wantPaths: []string{"reports.csv", "register-v2.csv"},
		},
		{
			name: "replace by id",
			file: "reports-2025.csv", text: "city,country,submitted_on\nLyon,France,2025-01-10\n", opts: FileOptions{Replace: "2"},
			want: FileResult{Kind: KindReports, SourceID: 3, Loaded: 1, HeaderRow: 1, Replaced: true,
				Previous: &Source{ID: 2, Path: "reports.csv", Kind: KindReports, Rows: 1}},
			wantPaths: []string{"register.csv", "reports-2025.csv"},
		},
		{
			name: "replace with the same content moved: nothing changes but the path",
			file: "moved/register.csv", text: registerV1, opts: FileOptions{Replace: "1"},
			want: FileResult{Kind: KindMembers, SourceID: 3, Loaded: 3, HeaderRow: 1, Replaced: true,
				Previous: &Source{ID: 1, Path: "register.csv", Kind: KindMembers, Rows: 3}},
			wantPaths: []string{"reports.csv", "moved/register.csv"},
		},
		{
			name: "a refused replacement keeps the old source",
			file: "register-v2.csv", text: "city,country,year_joined\nLyon,France,1999\n", opts: FileOptions{Replace: "register.csv"},
			wantErr: ErrOutOfRange,
			want: FileResult{Kind: KindMembers, SourceID: 3, Rejected: 1, HeaderRow: 1,
				Previous: &Source{ID: 1, Path: "register.csv", Kind: KindMembers, Rows: 3}},
			wantPaths: []string{"register.csv", "reports.csv"},
		},
		{
			name: "replace a source that does not exist",
			file: "register-v2.csv", text: registerV2, opts: FileOptions{Replace: "9"},
			wantErr:   ErrNoSource,
			wantPaths: []string{"register.csv", "reports.csv"},
		},
		{
			name: "replace with a file loaded as another source",
			file: "reports.csv", text: reportsV1 + "Lyon,France,2025-01-10\n", opts: FileOptions{Replace: "1"},
			wantErr:   ErrLoadedAsSource,
			wantPaths: []string{"register.csv", "reports.csv"},
		},
		{
			name: "replace with the content of a third source",
			file: "copy.csv", text: reportsV1, opts: FileOptions{Replace: "1"},
			wantErr:   ErrSameContent,
			wantPaths: []string{"register.csv", "reports.csv"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			ing := newTestIngester(t, filepath.Join(dir, "gnlc.duckdb"))
			for name, text := range map[string]string{"register.csv": registerV1, "reports.csv": reportsV1} {
				writeNewFile(t, filepath.Join(dir, name), text)
			}
			for _, name := range []string{"register.csv", "reports.csv"} {
				if _, err := ing.IngestFile(t.Context(), filepath.Join(dir, name), FileOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(dir, tt.file)
			writeNewFile(t, path, tt.text)
			opts := tt.opts
			if opts.Replace != "" && !isDigits(opts.Replace) {
				opts.Replace = filepath.Join(dir, opts.Replace)
			}
			got, err := ing.IngestFile(t.Context(), path, opts)
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr == nil || errors.Is(tt.wantErr, ErrOutOfRange) {
				want := tt.want
				want.File, want.Source, want.SHA256, want.Encoding = path, path, got.SHA256, got.Encoding
				for _, s := range []*Source{want.SameAs, want.Previous} {
					if s != nil {
						s.Path = filepath.Join(dir, s.Path)
					}
				}
				// The sources' hashes and load times are the database's; the rest is compared.
				ignore := cmp.FilterPath(func(p cmp.Path) bool {
					last := p.Last().String()
					return last == ".SHA256" || last == ".LoadedAt"
				}, cmp.Ignore())
				if diff := cmp.Diff(&want, got, ignore); diff != "" {
					t.Errorf("result (-want +got):\n%s", diff)
				}
			}
			var wantPaths []string
			for _, p := range tt.wantPaths {
				wantPaths = append(wantPaths, filepath.Join(dir, p))
			}
			if diff := cmp.Diff(wantPaths, sourcePaths(t, ing)); diff != "" {
				t.Errorf("sources (-want +got):\n%s", diff)
			}
		})
	}
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// TestIngest_sameContentOtherSheet: one workbook holds members on one sheet and reports on
// another; loading each sheet is two sources of one sha256, not the same content twice.
func TestIngest_sameContentOtherSheet(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "book.xlsx")
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "Members"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("Reports"); err != nil {
		t.Fatal(err)
	}
	for sheet, rows := range map[string][][]any{
		"Members": {{"city", "country", "year_joined"}, {"Cork", "Ireland", 2015}},
		"Reports": {{"city", "country", "submitted_on"}, {"Cork", "Ireland", "2023-05-02"}},
	} {
		setRows(t, f, sheet, rows)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	ing := newTestIngester(t, "")
	for _, sheet := range []string{"Members", "Reports"} {
		res, err := ing.IngestFile(t.Context(), path, FileOptions{Sheet: sheet})
		if err != nil {
			t.Fatalf("sheet %s: %v", sheet, err)
		}
		if res.SameAs != nil || res.Loaded != 1 {
			t.Errorf("sheet %s: %+v, want 1 row loaded", sheet, res)
		}
	}
	// The same sheet of a copy is the same content.
	cp := filepath.Join(dir, "copy.xlsx")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	writeNewFile(t, cp, string(b))
	res, err := ing.IngestFile(t.Context(), cp, FileOptions{Sheet: "Reports"})
	if err != nil || res.SameAs == nil || res.SameAs.Path != path+"#Reports" {
		t.Errorf("copy, sheet Reports: %+v, %v; want the same content as %s#Reports", res, err, path)
	}
}

// TestFindSource: a source is named by its id, its recorded path, or a path leading to it.
func TestFindSource(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ing := newTestIngester(t, "")
	writeNewFile(t, filepath.Join(dir, "register.csv"), registerV1)
	if _, err := ing.IngestBytes(t.Context(), "fixtures/announcements.csv", fixtures.Announcements().Data, FileOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := ing.IngestFile(t.Context(), filepath.Join(dir, "register.csv"), FileOptions{}); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(filepath.Join(dir, "register.csv"), link); err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(wd, filepath.Join(dir, "register.csv"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, ref string
		want      int64 // 0: ErrNoSource
	}{
		{"id", "2", 2},
		{"embedded name", "fixtures/announcements.csv", 1},
		{"absolute path", filepath.Join(dir, "register.csv"), 2},
		{"relative path", rel, 2},
		{"symbolic link", link, 2},
		{"unknown id", "7", 0},
		{"unknown path", filepath.Join(dir, "other.csv"), 0},
		{"empty", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := FindSource(t.Context(), ing.DB, tt.ref)
			if tt.want == 0 {
				if !errors.Is(err, ErrNoSource) {
					t.Errorf("FindSource(%q) = %+v, %v; want ErrNoSource", tt.ref, s, err)
				}
				return
			}
			if err != nil || s.ID != tt.want {
				t.Errorf("FindSource(%q) = %+v, %v; want source %d", tt.ref, s, err, tt.want)
			}
		})
	}
}

// TestRemoveSource removes a source and its rows in one transaction, and names what went.
func TestRemoveSource(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ing := newTestIngester(t, "")
	for name, text := range map[string]string{"register.csv": registerV1, "reports.csv": reportsV1} {
		writeNewFile(t, filepath.Join(dir, name), text)
		if _, err := ing.IngestFile(t.Context(), filepath.Join(dir, name), FileOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	r, err := RemoveSource(t.Context(), ing.DB, filepath.Join(dir, "register.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := &Removal{Members: 3, Cities: CityList{Count: 3, Names: []string{"Bilbao (ESP)", "Lyon (FRA)", "Cork (IRL)"}}}
	if diff := cmp.Diff(want, r, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Source" }, cmp.Ignore())); diff != "" {
		t.Errorf("removal (-want +got):\n%s", diff)
	}
	if r.Source.Path != filepath.Join(dir, "register.csv") || r.Source.Kind != KindMembers {
		t.Errorf("removed source = %+v", r.Source)
	}
	if got := queryInts(t, ing.DB, "SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM reports), (SELECT count(*) FROM sources)"); !cmp.Equal(got, []int64{0, 1, 1}) {
		t.Errorf("members, reports, sources = %v, want [0 1 1]", got)
	}
	if _, err := RemoveSource(t.Context(), ing.DB, "register.csv"); !errors.Is(err, ErrNoSource) {
		t.Errorf("removed twice: err = %v, want ErrNoSource", err)
	}
}

// TestSeed loads the published figures into a new database once in its life: a database that
// holds sources already, or whose seeded source was removed, is not seeded again.
func TestSeed(t *testing.T) {
	t.Parallel()
	files := []fixtures.File{fixtures.Announcements()}
	t.Run("new database", func(t *testing.T) {
		t.Parallel()
		ing := newTestIngester(t, "")
		res, err := ing.Seed(t.Context(), files)
		if err != nil || len(res) != 1 || res[0].Loaded == 0 {
			t.Fatalf("Seed = %v, %v; want one file loaded", res, err)
		}
		if _, err := RemoveSource(t.Context(), ing.DB, "fixtures/announcements.csv"); err != nil {
			t.Fatal(err)
		}
		if res, err := ing.Seed(t.Context(), files); err != nil || len(res) != 0 {
			t.Errorf("Seed after removal = %v, %v; want nothing loaded", res, err)
		}
		if got := queryInts(t, ing.DB, "SELECT count(*) FROM announcements"); got[0] != 0 {
			t.Errorf("announcements = %d, want 0", got[0])
		}
	})
	t.Run("database made before seeding", func(t *testing.T) {
		t.Parallel()
		ing := newTestIngester(t, "")
		if _, err := ing.IngestBytes(t.Context(), "register.csv", []byte(registerV1), FileOptions{}); err != nil {
			t.Fatal(err)
		}
		if res, err := ing.Seed(t.Context(), files); err != nil || len(res) != 0 {
			t.Errorf("Seed = %v, %v; want nothing loaded", res, err)
		}
		if got := sourcePaths(t, ing); !cmp.Equal(got, []string{"register.csv"}) {
			t.Errorf("sources = %v", got)
		}
	})
}
